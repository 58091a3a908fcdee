package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import org.metersync.sandbox.SandboxReading;

/**
 * The service is killed with SIGKILL at random (seeded) moments while it downloads a large feed in
 * small pages: mid-request, mid-transaction, or with the next page fetched ahead and not yet
 * stored. Restarted, it converges: every offered reading stored once, with its data, and nothing
 * else; a page is stored with its cursor or not at all.
 */
class DownloadCrashIT {

  private static final String TENANT = "crash-dl";
  private static final int READINGS = 6_000;
  private static final int KILLS = 5;
  private static final int PAGE = 100;
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
  void sigkillDuringDownloads_restartConverges_everyOfferedReadingStoredOnceWithItsData() {
    // Pages of 100 stored in chunks of 25: a kill can land between a page's inserts.
    new TestData(db).tenant(TENANT, PAGE, 25);
    List<SandboxReading> offered = sandbox.generateDownloadable(TENANT, READINGS);
    sandbox.switches(TENANT).latency(Latency.between(Duration.ofMillis(5), Duration.ofMillis(40)));
    Path config = config();
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> kills = new ArrayList<>();
    int midway = 0;

    for (int run = 1; run <= KILLS; run++) {
      long requestsBefore = sandbox.stats(TENANT).downloadRequests();
      try (JarProcess service = start("run" + run, config)) {
        service.await(
            "run " + run + " downloads",
            Duration.ofSeconds(60),
            () -> sandbox.stats(TENANT).downloadRequests() > requestsBefore + 1);
        JarProcess.pause(random.nextLong(20, 400));
        service.kill();
      }
      int stored = Reliability.downloadedReadings(db.dataSource(), TENANT).size();
      kills.add("run %d killed with %d stored".formatted(run, stored));
      assertEquals(0, stored % PAGE, "pages are stored whole or not at all: " + stored);
      if (stored > 0 && stored < READINGS) {
        midway++;
      }
      assertStoredAsOffered(offered, "after kill " + run);
    }

    try (JarProcess service = start("final", config)) {
      service.await(
          "every offered reading stored after " + KILLS + " kills",
          Duration.ofSeconds(120),
          () -> Reliability.downloadedReadings(db.dataSource(), TENANT).size() == READINGS);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }

    System.out.printf(
        "crash-mid-download: %s; %d download requests for %d pages%n",
        kills, sandbox.stats(TENANT).downloadRequests(), READINGS / PAGE);
    assertTrue(midway >= 3, "most kills landed mid-download: " + kills);
    long lost = assertStoredAsOffered(offered, "at the end");
    assertEquals(0, lost, "readings offered but never stored");
    assertEquals(
        0,
        Reliability.queryLong(
            db.dataSource(), "SELECT count(*) FROM reading_quarantine WHERE tenant_id = ?", TENANT),
        "nothing was put aside");
    System.out.printf("crash-mid-download: %d readings, %d lost, 0 duplicated%n", READINGS, lost);
  }

  /**
   * Every stored reading is one that was offered, with its data and synchronized (the key makes a
   * second copy impossible); returns how many offered readings are not stored (yet).
   */
  private long assertStoredAsOffered(List<SandboxReading> offered, String when) {
    Map<String, Reliability.Local> stored = Reliability.downloadedReadings(db.dataSource(), TENANT);
    long missing = 0;
    for (SandboxReading reading : offered) {
      Reliability.Local local = stored.remove(reading.id());
      if (local == null) {
        missing++;
      } else {
        assertTrue(
            local.sameDataAs(reading) && local.status().equals("synchronized"),
            when + ": " + reading + " stored as " + local);
      }
    }
    assertTrue(stored.isEmpty(), when + ": stored but never offered: " + stored.keySet());
    return missing;
  }

  private JarProcess start(String name, Path config) {
    return Reliability.service(name, dir, config);
  }

  private Path config() {
    return Reliability.sandboxConfig(dir, db, sandbox, TENANT, 2);
  }
}
