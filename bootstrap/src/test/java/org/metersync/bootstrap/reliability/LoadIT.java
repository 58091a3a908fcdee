package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;
import org.metersync.sandbox.Stats;

/**
 * Scenario 8: many tenants with a large backlog each, a tenth of all client-system requests failing
 * at random (503 on uploads, downloads and health checks alike). The run converges with every
 * reading held once. Size: {@code -Dmetersync.reliability.load.tenants} (200) × {@code
 * -Dmetersync.reliability.load.readings} (5000); see README, "Reliability suite".
 */
class LoadIT {

  private static final int TENANTS = Integer.getInteger("metersync.reliability.load.tenants", 200);
  private static final int READINGS =
      Integer.getInteger("metersync.reliability.load.readings", 5_000);
  private static final double ERROR_RATE = 0.10;
  private static final Duration BOUND =
      Duration.ofSeconds(Long.getLong("metersync.reliability.load.boundSeconds", 600));

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;
  private final List<String> tenants =
      IntStream.rangeClosed(1, TENANTS).mapToObj(i -> "load-%04d".formatted(i)).toList();

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder().seed(8);
    tenants.forEach(t -> builder.tenant(t, Reliability.TOKEN));
    sandbox = builder.start();
    tenants.forEach(t -> sandbox.switches(t).errorRate(ERROR_RATE, Fault.serviceUnavailable()));
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void manyTenantsLargeBacklogsTenPercentFailing_converges_nothingLostOrDuplicated() {
    Reliability.update(
        db.dataSource(),
        "INSERT INTO tenant (tenant_id, name, upload_batch_size, download_batch_size)"
            + " SELECT t, 'Load ' || t, 1000, 1000 FROM unnest(?::text[]) t",
        (Object) tenants.toArray(String[]::new));
    Reliability.update(
        db.dataSource(),
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " SELECT t.tenant_id, 'r' || g, 'meter-' || (g % 13), timestamptz"
            + " '2026-01-01 00:00:00Z' + g * interval '15 minutes', g * 0.125, 'kWh'"
            + " FROM tenant t CROSS JOIN generate_series(1, ?) g ORDER BY t.tenant_id, g",
        READINGS);
    long total = (long) TENANTS * READINGS;
    List<String> lines = new ArrayList<>(Reliability.quickLoop(4));
    lines.add("syncIntervalMinutes=0.1");
    lines.add("connectivityCheckIntervalMs=500");
    tenants.forEach(t -> lines.addAll(Reliability.tenant(t, sandbox)));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    long started = System.nanoTime();
    String log;
    try (JarProcess service = Reliability.service("load", dir, config)) {
      long deadline = started + BOUND.toNanos();
      while (backlog() > 0) {
        service.await("the service runs", Duration.ofSeconds(1), service::isAlive);
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "load did not converge within "
                  + BOUND
                  + ", "
                  + backlog()
                  + " left:\n"
                  + service.tail());
        }
        JarProcess.pause(1_000);
      }
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
      log = service.stderr();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    Stats totals = sandbox.totals();
    long retries = count(log, "retrying in") + count(log, "still unreachable");
    System.out.printf(
        "load: %d tenants x %d readings in %d s; %d requests failed at the client system, %d"
            + " retries (%d back-offs, %d unreachable checks); %d upload requests, %d re-sends"
            + " answered already_present, %d replayed%n",
        TENANTS,
        READINGS,
        took.toSeconds(),
        totals.faultsInjected(),
        retries,
        count(log, "retrying in"),
        count(log, "still unreachable"),
        totals.uploadRequests(),
        totals.duplicates(),
        totals.replayedUploads());
    assertTrue(totals.faultsInjected() > 0, "faults were injected: " + totals.faultsInjected());
    assertEquals(total, totals.accepted(), "each reading stored once");
    assertEquals(0, totals.updates(), "no reading stored over");
    Reliability.Ledger.of(db.dataSource(), sandbox, tenants).printAndCheck("load");
  }

  /** Readings not yet synchronized: pending or failed (both served by partial indexes). */
  private long backlog() {
    return Reliability.queryLong(
            db.dataSource(), "SELECT count(*) FROM meter_reading WHERE sync_status = 'pending'")
        + Reliability.queryLong(
            db.dataSource(), "SELECT count(*) FROM meter_reading WHERE sync_status = 'failed'");
  }

  private static long count(String log, String text) {
    Pattern pattern = Pattern.compile(Pattern.quote(text));
    return log.lines().filter(l -> pattern.matcher(l).find()).count();
  }
}
