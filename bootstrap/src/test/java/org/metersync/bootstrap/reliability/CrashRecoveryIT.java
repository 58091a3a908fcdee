package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;
import org.metersync.sandbox.SandboxReading;

/**
 * Scenario 1: the service is killed with SIGKILL at random (seeded) moments while it drains a large
 * backlog, each kill landing while an upload is in flight at the client system (received, not yet
 * answered: the client system applies it after the service died). Some answers are lost on the way
 * back as well. Restarted, it converges: every reading synchronized and held exactly once with its
 * data.
 */
class CrashRecoveryIT {

  private static final String TENANT = "crash-a";
  private static final int READINGS = 6_000;
  private static final int KILLS = 5;
  private static final long SEED = Long.getLong("metersync.reliability.seed", 20_260_701L);

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    sandbox = SandboxClientSystem.builder().tenant(TENANT, Reliability.TOKEN).seed(SEED).start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void sigkillDuringUploads_restartConverges_everyReadingHeldOnceWithItsData() {
    new TestData(db).tenant(TENANT, 1000, 50);
    new TestData(db).pendingReadings(TENANT, "r", READINGS);
    sandbox.switches(TENANT).latency(Latency.between(Duration.ofMillis(20), Duration.ofMillis(80)));
    sandbox.switches(TENANT).errorRate(0.05, Fault.acceptAndLoseResponse(), Endpoint.UPLOAD);
    Path config = config();
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> kills = new ArrayList<>();

    for (int run = 1; run <= KILLS; run++) {
      // Another batch size each run, so re-sends are judged per reading, not replayed by key.
      Reliability.update(
          db.dataSource(),
          "UPDATE tenant SET upload_batch_size = ? WHERE tenant_id = ?",
          random.nextInt(30, 90),
          TENANT);
      // The first upload of every run is applied and its answer lost: an unknown outcome.
      sandbox.switches(TENANT).failNext(1, Fault.acceptAndLoseResponse(), Endpoint.UPLOAD);
      long requestsBefore = sandbox.stats(TENANT).uploadRequests();
      try (JarProcess service = start("run" + run, config)) {
        service.await(
            "run " + run + " uploads",
            Duration.ofSeconds(60),
            () -> sandbox.stats(TENANT).uploadRequests() > requestsBefore + 1);
        JarProcess.pause(random.nextLong(100, 1_500));
        service.await(
            "an upload in flight to kill into",
            Duration.ofSeconds(20),
            () -> sandbox.uploadsInFlight(TENANT) > 0);
        service.kill();
        kills.add(
            "run %d killed with %d synchronized"
                .formatted(run, Reliability.count(db.dataSource(), TENANT, "synchronized")));
      }
      assertNothingMarkedThatIsNotHeld("after kill " + run);
    }

    try (JarProcess service = start("final", config)) {
      service.await(
          "every reading synchronized after " + KILLS + " kills",
          Duration.ofSeconds(120),
          () -> Reliability.count(db.dataSource(), TENANT, "synchronized") == READINGS);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }

    var stats = sandbox.stats(TENANT);
    System.out.printf(
        "crash-mid-upload: %s; %d upload requests, %d answers lost, %d re-sends answered"
            + " already_present, %d replayed%n",
        kills,
        stats.uploadRequests(),
        stats.droppedConnections(),
        stats.duplicates(),
        stats.replayedUploads());
    assertTrue(stats.droppedConnections() >= KILLS, "answers were lost: " + stats);
    assertTrue(stats.duplicates() > 0, "re-sends were answered already_present: " + stats);
    assertEquals(READINGS, stats.accepted(), "each reading stored once: " + stats);
    assertEquals(0, stats.updates(), "no reading stored over with other data: " + stats);
    Reliability.Ledger.of(db.dataSource(), sandbox, List.of(TENANT))
        .printAndCheck("crash-mid-upload");
  }

  /** A reading marked synchronized must be held by the client system with the same data. */
  private void assertNothingMarkedThatIsNotHeld(String when) {
    var local = Reliability.localReadings(db.dataSource(), TENANT);
    for (var reading : local.values()) {
      if (reading.status().equals("synchronized")) {
        SandboxReading held = sandbox.heldReading(TENANT, reading.id()).orElse(null);
        assertTrue(
            held != null && reading.sameDataAs(held),
            when + ": " + reading + " marked synchronized, held as " + held);
      }
    }
  }

  private JarProcess start(String name, Path config) {
    return Reliability.service(name, dir, config);
  }

  private Path config() {
    return Reliability.sandboxConfig(dir, db, sandbox, TENANT, 2);
  }
}
