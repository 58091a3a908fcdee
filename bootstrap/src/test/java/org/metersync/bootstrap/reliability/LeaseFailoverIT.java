package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
 * Scenario: two instances on one database; the one uploading a tenant loses that tenant's lease
 * while its request is at the client system, as when its database sessions are cut for longer than
 * the lease lives (compressed here: the lease is expired by hand), and then its sessions are
 * terminated ({@code pg_terminate_backend}) while it uploads another tenant. The other instance
 * takes both over. The client system never sees two requests of one tenant at once; readings are
 * sent again only from the batches whose outcome was in doubt when the lease was lost (the request
 * in flight and the marks in flight); nothing is lost or stored twice.
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
  void leaseLostMidUpload_otherInstanceTakesOver_oneRequestAtATimeAndOnlyInDoubtResent() {
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
          "an upload of " + first + " in flight after a few batches",
          Duration.ofSeconds(60),
          () -> sandbox.stats(first).uploadRequests() >= 3 && sandbox.uploadsInFlight(first) > 0);
      String victim = holderOf(first);
      Reliability.update(
          db.dataSource(), "UPDATE tenant_lease SET expires_at = now() WHERE tenant_id = ?", first);
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

  private String holderOf(String tenant) {
    String holder =
        Reliability.queryString(
            db.dataSource(), "SELECT holder FROM tenant_lease WHERE tenant_id = ?", tenant);
    assertTrue(holder != null, tenant + " has a lease while it uploads");
    return holder;
  }
}
