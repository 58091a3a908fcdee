package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/**
 * Leases as rows. Two {@link JooqTenantLeases} of different holders stand for two service
 * instances: they share only the database. Expiry is moved by setting {@code expires_at}, never by
 * waiting.
 */
class JooqTenantLeasesTest {

  private static final Duration TTL = Duration.ofMinutes(2);

  @MigratedDatabase TestDatabase db;

  @Test
  void tryTake_heldByAnotherInstance_emptyUntilReleased() {
    TestData data = tenants("t1", "t2");
    JooqTenantLeases a = leases("a");
    JooqTenantLeases b = leases("b");
    TenantId t1 = TenantId.of("t1");

    TenantLeases.Lease held = a.tryTake(t1).orElseThrow();
    assertEquals(Optional.empty(), b.tryTake(t1));
    b.tryTake(TenantId.of("t2")).orElseThrow().close();
    assertEquals("a", data.queryString("SELECT holder FROM tenant_lease WHERE tenant_id = 't1'"));

    held.close();

    assertEquals(0, data.queryLong("SELECT count(*) FROM tenant_lease"));
    b.tryTake(t1).orElseThrow().close();
  }

  @Test
  void tryTake_everyTake_aLargerToken() {
    tenants("t1", "t2");
    JooqTenantLeases a = leases("a");
    JooqTenantLeases b = leases("b");
    List<Long> tokens = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (JooqTenantLeases leases : List.of(a, b)) {
        for (String tenant : List.of("t1", "t2")) {
          TenantLeases.Lease lease = leases.tryTake(TenantId.of(tenant)).orElseThrow();
          tokens.add(token(lease));
          lease.close();
        }
      }
    }
    for (int i = 1; i < tokens.size(); i++) {
      assertTrue(tokens.get(i) > tokens.get(i - 1), "tokens " + tokens);
    }
  }

  @Test
  void renew_held_extendsTheExpiry() {
    TestData data = tenants("t1");
    TenantLeases.Lease lease = leases("a").tryTake(TenantId.of("t1")).orElseThrow();
    db.execute("UPDATE tenant_lease SET expires_at = now() + interval '5 seconds'");

    lease.renew();

    assertTrue(
        data.queryLong(
                "SELECT extract(epoch FROM expires_at - now())::bigint FROM tenant_lease"
                    + " WHERE tenant_id = 't1'")
            > 60,
        "renewed for the time to live");
    lease.close();
  }

  @Test
  void renew_expired_lostAndAnotherInstanceMayTakeIt() {
    tenants("t1");
    TenantId t1 = TenantId.of("t1");
    TenantLeases.Lease lease = leases("a").tryTake(t1).orElseThrow();
    JooqTenantLeases b = leases("b");
    assertEquals(Optional.empty(), b.tryTake(t1), "not before it expires");
    expire("t1");

    LeaseLostException lost = assertThrows(LeaseLostException.class, lease::renew);

    assertEquals(t1, lost.tenantId());
    TenantLeases.Lease taken = b.tryTake(t1).orElseThrow();
    assertTrue(token(taken) > token(lease));
    lease.close();
    assertEquals(1, count("t1"), "a's release left b's lease");
    taken.close();
  }

  @Test
  void renew_takenOverByAnotherInstance_lost() {
    tenants("t1");
    TenantId t1 = TenantId.of("t1");
    TenantLeases.Lease lease = leases("a").tryTake(t1).orElseThrow();
    expire("t1");
    TenantLeases.Lease taken = leases("b").tryTake(t1).orElseThrow();
    db.execute("UPDATE tenant_lease SET expires_at = now() + interval '1 hour'");

    assertThrows(LeaseLostException.class, lease::renew);
    taken.renew();
  }

  @Test
  void tryTake_ownLeaseLeftBehind_takenAgainWithANewToken() {
    tenants("t1");
    JooqTenantLeases a = leases("a");
    TenantLeases.Lease leftBehind = a.tryTake(TenantId.of("t1")).orElseThrow();

    TenantLeases.Lease again = a.tryTake(TenantId.of("t1")).orElseThrow();

    assertTrue(token(again) > token(leftBehind));
    assertThrows(LeaseLostException.class, leftBehind::renew);
    again.close();
  }

  @Test
  void lease_holdersSessionTerminated_stillHeldAndRenewable() {
    tenants("t1");
    TenantId t1 = TenantId.of("t1");
    TenantLeases.Lease lease = leases("a").tryTake(t1).orElseThrow();

    // What pg_terminate_backend or a lost connection does to the holder: its sessions end.
    db.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE datname = current_database() AND pid <> pg_backend_pid()");

    assertEquals(Optional.empty(), leases("b").tryTake(t1), "a lease is no session");
    renewAfterReconnect(lease);
    lease.close();
  }

  @Test
  void fencedMark_afterTheLeaseMovedOn_notAppliedAndLost() {
    TestData data = tenants("t1");
    data.pendingReadings("t1", "r", 10);
    TenantId t1 = TenantId.of("t1");
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
    TenantLeases.Lease a = leases("a").tryTake(t1).orElseThrow();
    List<PendingReading> batch = database.getUnsynchronizedReadings(t1, 10);
    expire("t1");
    TenantLeases.Lease b = leases("b").tryTake(t1).orElseThrow();

    assertThrows(
        LeaseLostException.class, () -> database.markReadingsAsSynchronized(batch, t1, a.fence()));
    assertThrows(
        LeaseLostException.class,
        () ->
            database.recordUploadAttempts(
                t1,
                List.of(new UploadOutcome.Retry(batch.get(0), 1, "busy")),
                List.of(),
                a.fence()));
    assertThrows(
        LeaseLostException.class,
        () ->
            database.storePage(
                t1, List.of(List.of(downloaded("d-1"))), List.of(), cursor("cursor-a"), a.fence()));

    assertEquals("10/0/0", data.statusCounts("t1"), "a's writes did not apply");
    assertEquals(0, data.queryLong("SELECT count(*) FROM download_cursor"));
    assertEquals(
        0, data.queryLong("SELECT count(*) FROM meter_reading WHERE origin = 'downloaded'"));
    assertEquals(10, database.markReadingsAsSynchronized(batch, t1, b.fence()));
    assertEquals(
        1,
        database.storePage(
            t1, List.of(List.of(downloaded("d-1"))), List.of(), cursor("cursor-b"), b.fence()));
    assertEquals("0/11/0", data.statusCounts("t1"), "b's mark and page applied");
  }

  @Test
  void fencedMark_rowsEditedMeanwhile_notALostLease() {
    TestData data = tenants("t1");
    data.pendingReadings("t1", "r", 4);
    TenantId t1 = TenantId.of("t1");
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
    TenantLeases.Lease a = leases("a").tryTake(t1).orElseThrow();
    List<PendingReading> batch = database.getUnsynchronizedReadings(t1, 10);
    db.execute("UPDATE meter_reading SET value = value + 1 WHERE meter_reading_id = 'r1'");

    assertEquals(3, database.markReadingsAsSynchronized(batch, t1, a.fence()));
    a.close();
  }

  @Test
  @Timeout(60)
  void renew_whileAFencedWriteIsOpen_doesNotWaitForIt() {
    tenants("t1");
    TenantId t1 = TenantId.of("t1");
    TenantLeases.Lease a = leases("a").tryTake(t1).orElseThrow();
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());

    database.inTransaction(
        tx -> {
          tx.saveDownloadCursor(t1, cursor("cursor-a"), a.fence());
          a.renew(); // on another connection, while the fenced write holds the lease row
          return null;
        });

    a.close();
  }

  @Test
  @Timeout(60)
  void take_whileAFencedWriteIsOpen_waitsForItThenFencesItsHolderOut() {
    TestData data = tenants("t1");
    TenantId t1 = TenantId.of("t1");
    TenantLeases.Lease a = leases("a").tryTake(t1).orElseThrow();
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), new StatementCounter());
    CompletableFuture<TenantLeases.Lease> taking = new CompletableFuture<>();
    database.inTransaction(
        tx -> {
          tx.saveDownloadCursor(t1, cursor("cursor-a"), a.fence());
          expire("t1");
          taking.completeAsync(() -> leases("b").tryTake(t1).orElseThrow());
          awaitTakeWaitingForALock();
          return null;
        });
    TenantLeases.Lease b = taking.join();

    assertEquals("cursor-a", data.queryString("SELECT cursor FROM download_cursor"));
    assertTrue(token(b) > token(a));
    assertThrows(
        LeaseLostException.class, () -> database.saveDownloadCursor(t1, cursor("late"), a.fence()));
    assertEquals("cursor-a", data.queryString("SELECT cursor FROM download_cursor"));
  }

  private void awaitTakeWaitingForALock() {
    TestData data = new TestData(db);
    for (int i = 0; i < 3000; i++) {
      if (data.queryLong(
              "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                  + " AND wait_event_type = 'Lock' AND query LIKE 'insert into tenant_lease%'")
          > 0) {
        return;
      }
      pause();
    }
    throw new AssertionError("the take never waited for the fenced write's lock");
  }

  private void renewAfterReconnect(TenantLeases.Lease lease) {
    // The pool may hand out a connection killed above once; the next one is new.
    for (int attempt = 0; ; attempt++) {
      try {
        lease.renew();
        return;
      } catch (org.metersync.application.port.SyncDatabaseException e) {
        if (attempt > 10) {
          throw e;
        }
      }
    }
  }

  private TestData tenants(String... ids) {
    TestData data = new TestData(db);
    for (String id : ids) {
      data.tenant(id, null, null);
    }
    return data;
  }

  private JooqTenantLeases leases(String holder) {
    return JooqTenantLeases.create(db.dataSource(), new StatementCounter(), holder, TTL);
  }

  private void expire(String tenant) {
    db.execute(
        "UPDATE tenant_lease SET expires_at = now() - interval '1 second'"
            + " WHERE tenant_id = '"
            + tenant
            + "'");
  }

  private long count(String tenant) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement("SELECT count(*) FROM tenant_lease WHERE tenant_id = ?")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long token(TenantLeases.Lease lease) {
    return ((Fence.Token) lease.fence()).value();
  }

  private static MeterReading downloaded(String id) {
    return new MeterReading(
        ReadingId.of(id), "meter-1", Instant.parse("2026-02-01T00:00:00Z"), BigDecimal.ONE, "kWh");
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static DownloadCursor cursor(String value) {
    return new DownloadCursor(value, Optional.empty());
  }
}
