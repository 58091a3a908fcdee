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
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario: one reading's data triggers a bug in the client system, which answers {@code 500} to
 * any batch holding it. The batch is narrowed down: every other reading goes up in the first cycle,
 * the poison one is charged an attempt per cycle and ends failed after {@code maxRetries} with the
 * client system's answer as reason; no cycle fails, and downloads go on all along. Once the bug is
 * fixed, {@code failed retry} sends it up.
 */
class PoisonReadingIT {

  private static final String TENANT = "poison-a";
  private static final int READINGS = 1_000;
  private static final int BATCH = 100;
  private static final int MAX_RETRIES = 3;
  private static final String POISON = "p437";
  private static final int FEED = 500;

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    sandbox = SandboxClientSystem.builder().tenant(TENANT, Reliability.TOKEN).start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  /** The tenant's own readings (not downloaded ones) with {@code status}. */
  private long local(String status) {
    return Reliability.queryLong(
        db.dataSource(),
        "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND origin = 'local'"
            + " AND sync_status = ?",
        TENANT,
        status);
  }

  @Test
  void poisonReading_othersGoUp_itFailsWithTheAnswer_downloadsGoOn() {
    TestData data = new TestData(db);
    data.tenant(TENANT, 1000, BATCH);
    data.pendingReadings(TENANT, "p", READINGS);
    sandbox.generateDownloadable(TENANT, FEED);
    sandbox.switches(TENANT).failUntilCleared(Fault.failBatchesContaining(POISON), Endpoint.UPLOAD);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(1));
    lines.add("maxRetries=" + MAX_RETRIES);
    lines.addAll(Reliability.tenant(TENANT, sandbox));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
    long start = System.nanoTime();

    try (JarProcess service = Reliability.service("poison", dir, config)) {
      service.await(
          "every other reading synchronized",
          Duration.ofSeconds(30),
          () -> local("synchronized") == READINGS - 1);
      // More for the tenant arrives at the client system while the poison reading is pending.
      sandbox.generateDownloadable(TENANT, FEED);
      service.await(
          "the poison reading failed", Duration.ofSeconds(30), () -> local("failed") == 1);
      service.await(
          "the whole feed downloaded",
          Duration.ofSeconds(30),
          () -> Reliability.downloadedReadings(db.dataSource(), TENANT).size() == 2 * FEED);

      String stored =
          Reliability.queryString(
              db.dataSource(),
              "SELECT sync_status || '|' || upload_attempts || '|' || last_error FROM meter_reading"
                  + " WHERE tenant_id = ? AND meter_reading_id = ?",
              TENANT,
              POISON);
      assertTrue(
          stored.startsWith("failed|" + MAX_RETRIES + "|tenant " + TENANT),
          "status|attempts|reason: " + stored);
      assertTrue(
          stored.endsWith(
              "upload: HTTP 500: {\"error\":\"injected HTTP 500 for a batch holding [p437]\"}"),
          "the client system's answer is the reason: " + stored);
      assertEquals(READINGS - 1, local("synchronized"), "no other");
      assertEquals(
          0, service.count(Pattern.compile("tenant=" + TENANT + " cycle failed")), service.tail());
      long alone = sandbox.timesReceived(TENANT, POISON);
      long uploads = sandbox.stats(TENANT).uploadRequests();
      System.out.printf(
          "poison-reading: %d upload requests for %d readings in batches of %d, the poison"
              + " reading sent %d times, failed after %d attempts, %.1f s%n",
          uploads, READINGS, BATCH, alone, MAX_RETRIES, (System.nanoTime() - start) / 1e9);

      sandbox.switches(TENANT).clearFaults();
      JarProcess retry =
          Reliability.command(
              "failed-retry", dir, config, "failed", "retry", "--tenant", TENANT, POISON);
      assertEquals(0, retry.exitCode(), retry.tail());
      service.await(
          "the poison reading synchronized once the bug is fixed",
          Duration.ofSeconds(30),
          () -> local("synchronized") == READINGS);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    Reliability.Ledger.of(db.dataSource(), sandbox, List.of(TENANT))
        .printAndCheck("poison-reading");
  }
}
