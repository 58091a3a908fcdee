package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario: two instances on one database; the one uploading a tenant cannot renew that tenant's
 * lease in time (its renewal hangs on a row lock the test holds, as a renewal stuck behind a cut
 * network would) until the lease has expired, and then its database sessions are terminated ({@code
 * pg_terminate_backend}) while it runs on. The tenant goes on under a new lease, taken by the
 * instance whose share it is in (either may be the one that lost it). The client system never sees
 * two requests of one tenant at once; readings are sent again only from the batches whose outcome
 * was in doubt when the lease was lost (the marks in flight, which the fence refuses); nothing is
 * lost or stored twice.
 */
class LeaseFailoverIT {

  private static final List<String> TENANTS = List.of("lease-1", "lease-2");
  private static final int READINGS = 2_000;
  private static final int BATCH = 100;
  private static final int IN_DOUBT_BATCHES = 3;

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder();
    TENANTS.forEach(t -> builder.tenant(t, Reliability.TOKEN));
    sandbox = builder.start();
    TENANTS.forEach(
        t ->
            sandbox
                .switches(t)
                .latency(Latency.between(Duration.ofMillis(80), Duration.ofMillis(120))));
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void leaseLostMidUpload_otherInstanceTakesOver_oneRequestAtATimeAndOnlyInDoubtResent()
      throws SQLException {
    TestData data = new TestData(db);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(2));
    for (String tenant : TENANTS) {
      data.tenant(tenant, 1000, BATCH);
      lines.addAll(Reliability.tenant(tenant, sandbox));
    }
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    try (JarProcess a = Reliability.service("a", dir, config);
        JarProcess b = Reliability.service("b", dir, config)) {
      a.awaitLog("a's loop started", Duration.ofSeconds(90), SYNC_LOOP_STARTED, 1);
      b.awaitLog("b's loop started", Duration.ofSeconds(90), SYNC_LOOP_STARTED, 1);
      // Readings appear once both run, so either may take either tenant.
      TENANTS.forEach(t -> data.pendingReadings(t, "r", READINGS));
      String first = TENANTS.get(0);
      a.await(
          "uploads of " + first + " under way",
          Duration.ofSeconds(60),
          () -> sandbox.stats(first).uploadRequests() >= 3 && sandbox.uploadsInFlight(first) > 0);
      String victim;
      try (Connection stall = db.dataSource().getConnection()) {
        stall.setAutoCommit(false);
        victim = lockLease(stall, first);
        a.await(
            "the holder's renewal of " + first + " waits for the lease row",
            Duration.ofSeconds(30),
            () -> renewalWaiting(victim));
        expire(stall, first);
        stall.commit();
      }
      JarProcess losing = a.stderr().contains("this instance is " + victim) ? a : b;
      losing.awaitLog(
          "the instance that lost " + first + "'s lease stops that cycle",
          Duration.ofSeconds(30),
          Pattern.compile("tenant=" + first + " cycle stopped before its next client-system call"),
          1);
      long terminated =
          Reliability.queryLong(
              db.dataSource(),
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                  + " WHERE application_name = ?",
              "meter-sync " + victim);
      a.await(
          "every reading synchronized",
          Duration.ofSeconds(120),
          () -> Reliability.unsynchronized(db.dataSource()) == 0 && a.isAlive() && b.isAlive());
      a.terminate();
      b.terminate();
      assertEquals(0, a.waitFor(Duration.ofSeconds(60)), a.tail());
      assertEquals(0, b.waitFor(Duration.ofSeconds(60)), b.tail());
      System.out.printf(
          "lease-failover: %s lost %s's lease mid-upload; %d of its sessions terminated%n",
          losing == a ? "a" : "b", first, terminated);
    }

    for (String tenant : TENANTS) {
      var stats = sandbox.stats(tenant);
      assertEquals(1, sandbox.maxConcurrentUploads(tenant), tenant + ": requests at once");
      long resent = stats.readingsReceived() - READINGS;
      System.out.printf(
          "lease-failover: %s: %d readings sent again (at most %d in doubt)%n",
          tenant, resent, IN_DOUBT_BATCHES * BATCH);
      assertTrue(
          resent <= IN_DOUBT_BATCHES * BATCH,
          tenant + ": only batches in doubt are sent again: " + stats);
    }
    Reliability.Ledger.of(db.dataSource(), sandbox, TENANTS).printAndCheck("lease-failover");
  }

  private static final Pattern SYNC_LOOP_STARTED = Pattern.compile("sync loop started");

  /**
   * Locks the tenant's lease row in {@code connection}'s transaction against renewals, not against
   * the holder's fenced writes, and returns its holder: the holder's worker then stops in its next
   * renewal, before its next request, while its marks in flight finish.
   */
  private static String lockLease(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "SELECT holder FROM tenant_lease WHERE tenant_id = ? FOR NO KEY UPDATE")) {
      st.setString(1, tenant);
      try (ResultSet rs = st.executeQuery()) {
        assertTrue(rs.next(), tenant + " has a lease while it uploads");
        return rs.getString(1);
      }
    }
  }

  private boolean renewalWaiting(String holder) {
    return Reliability.queryLong(
            db.dataSource(),
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                + " AND wait_event_type = 'Lock' AND query LIKE 'update tenant_lease%'",
            "meter-sync " + holder)
        > 0;
  }

  private static void expire(Connection connection, String tenant) throws SQLException {
    try (PreparedStatement st =
        connection.prepareStatement(
            "UPDATE tenant_lease SET expires_at = now() - interval '1 second'"
                + " WHERE tenant_id = ?")) {
      st.setString(1, tenant);
      st.executeUpdate();
    }
  }
}
