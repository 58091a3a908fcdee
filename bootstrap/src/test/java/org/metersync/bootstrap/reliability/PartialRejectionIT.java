package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 3: the client system rejects some readings of each batch. The accepted ones are
 * synchronized at once; the rejected ones are sent again on each cycle, exactly {@code maxRetries}
 * times, then become failed with the client system's reason; nothing else changes. {@code failed
 * retry} (a second process beside the running service) re-queues them and they go up.
 */
class PartialRejectionIT {

  private static final String TENANT = "reject-a";
  private static final String BYSTANDER = "reject-b";
  private static final int READINGS = 100;
  private static final int MAX_RETRIES = 3;
  private static final String REASON = "meter meter-3 is not installed at this address";
  private static final List<String> REJECTED = List.of("r5", "r17", "r60", "r99");

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    sandbox =
        SandboxClientSystem.builder()
            .tenant(TENANT, Reliability.TOKEN)
            .tenant(BYSTANDER, Reliability.TOKEN)
            .start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void rejectedReadings_retriedMaxRetriesThenFailedWithReason_failedRetryUploadsThem() {
    TestData data = new TestData(db);
    data.tenant(TENANT, 1000, 25);
    data.pendingReadings(TENANT, "r", READINGS);
    data.tenant(BYSTANDER, 1000, 25);
    data.pendingReadings(BYSTANDER, "r", READINGS);
    sandbox
        .switches(TENANT)
        .failUntilCleared(Fault.reject(REASON, REJECTED.toArray(String[]::new)), Endpoint.UPLOAD);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(2));
    lines.add("maxRetries=" + MAX_RETRIES);
    lines.addAll(Reliability.tenant(TENANT, sandbox));
    lines.addAll(Reliability.tenant(BYSTANDER, sandbox));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    try (JarProcess service = Reliability.service("reject", dir, config)) {
      service.await(
          "the rejected readings failed",
          Duration.ofSeconds(60),
          () -> Reliability.count(db.dataSource(), TENANT, "failed") == REJECTED.size());
      assertEquals(
          READINGS - REJECTED.size(), Reliability.count(db.dataSource(), TENANT, "synchronized"));
      for (String id : REJECTED) {
        assertEquals(
            MAX_RETRIES + "|" + REASON,
            Reliability.queryString(
                db.dataSource(),
                "SELECT upload_attempts || '|' || last_error FROM meter_reading"
                    + " WHERE tenant_id = ? AND meter_reading_id = ?",
                TENANT,
                id));
        assertEquals(MAX_RETRIES, sandbox.timesReceived(TENANT, id), id + " sent");
        assertTrue(sandbox.heldReading(TENANT, id).isEmpty(), id);
      }
      assertEquals(
          0,
          Reliability.queryLong(
              db.dataSource(),
              "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND sync_status ="
                  + " 'synchronized' AND (upload_attempts <> 0 OR last_error IS NOT NULL)",
              TENANT),
          "accepted readings carry no attempt or error");
      service.await(
          "the bystander synchronized",
          Duration.ofSeconds(30),
          () -> Reliability.count(db.dataSource(), BYSTANDER, "synchronized") == READINGS);
      // Failed readings stay failed on later cycles: no further sends.
      long cycles =
          service.count(java.util.regex.Pattern.compile("tenant=" + TENANT + " cycle ok"));
      service.await(
          "two more cycles",
          Duration.ofSeconds(30),
          () ->
              service.count(java.util.regex.Pattern.compile("tenant=" + TENANT + " cycle ok"))
                  >= cycles + 2);
      REJECTED.forEach(id -> assertEquals(MAX_RETRIES, sandbox.timesReceived(TENANT, id), id));

      JarProcess list =
          Reliability.command("failed-list", dir, config, "failed", "list", "--tenant", TENANT);
      assertEquals(0, list.exitCode(), list.tail());
      for (String id : REJECTED) {
        assertTrue(list.stdout().contains(id), list.stdout());
      }
      assertTrue(list.stdout().contains(REASON), list.stdout());

      sandbox.switches(TENANT).clearFaults();
      JarProcess retry =
          Reliability.command(
              "failed-retry", dir, config, "failed", "retry", "--tenant", TENANT, "--all");
      assertEquals(0, retry.exitCode(), retry.tail());
      service.await(
          "the re-queued readings synchronized",
          Duration.ofSeconds(60),
          () -> Reliability.count(db.dataSource(), TENANT, "synchronized") == READINGS);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    REJECTED.forEach(id -> assertEquals(MAX_RETRIES + 1, sandbox.timesReceived(TENANT, id), id));
    Reliability.Ledger.of(db.dataSource(), sandbox, List.of(TENANT, BYSTANDER))
        .printAndCheck("partial-rejection");
  }
}
