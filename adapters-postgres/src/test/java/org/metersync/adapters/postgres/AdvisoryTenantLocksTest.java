package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.TenantLocks;
import org.metersync.domain.TenantId;

class AdvisoryTenantLocksTest {

  @MigratedDatabase static TestDatabase db;

  @Test
  void tryLock_heldByAnotherInstance_emptyUntilReleased() {
    // Two lock objects stand for two service instances: they share only the database.
    AdvisoryTenantLocks first = new AdvisoryTenantLocks(db.dataSource());
    AdvisoryTenantLocks second = new AdvisoryTenantLocks(db.dataSource());
    TenantId tenant = TenantId.of("locked");

    Optional<TenantLocks.Lease> held = first.tryLock(tenant);
    assertTrue(held.isPresent());
    assertEquals(Optional.empty(), second.tryLock(tenant));
    assertTrue(
        second
            .tryLock(TenantId.of("other"))
            .map(
                lease -> {
                  lease.close();
                  return true;
                })
            .orElse(false));

    held.get().close();

    Optional<TenantLocks.Lease> after = second.tryLock(tenant);
    assertTrue(after.isPresent());
    after.get().close();
  }

  @Test
  void lease_holderSessionDies_lockReleasedByTheServer() throws Exception {
    AdvisoryTenantLocks locks = new AdvisoryTenantLocks(db.dataSource());
    TenantId tenant = TenantId.of("crashing");
    TenantLocks.Lease held = locks.tryLock(tenant).orElseThrow();

    // What a crash of the holder looks like to the server: its backend goes away.
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
              + " AND classid = 19795 AND objid::int = hashtext('crashing')");
    }

    Optional<TenantLocks.Lease> taken = awaitLock(locks, tenant);
    assertTrue(taken.isPresent(), "lock released when its session ended");
    taken.get().close();
    held.close();
  }

  private static Optional<TenantLocks.Lease> awaitLock(AdvisoryTenantLocks locks, TenantId tenant)
      throws InterruptedException {
    for (int attempt = 0; attempt < 500; attempt++) {
      Optional<TenantLocks.Lease> lease = locks.tryLock(tenant);
      if (lease.isPresent()) {
        return lease;
      }
      Thread.sleep(20);
    }
    return Optional.empty();
  }
}
