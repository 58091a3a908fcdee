package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * Scenario 4: readings are edited by plain SQL (as the field application would) while the batch
 * holding them is at the client system. The batch's mark leaves them pending; the next cycle sends
 * them again with their new values, and the client system ends up holding the new values. An edit
 * after a reading was synchronized goes up as well.
 */
class ConcurrentEditIT {

  private static final String TENANT = "edit-a";
  private static final int READINGS = 300;
  private static final List<String> EDITED = List.of("r1", "r50", "r100");
  private static final BigDecimal DELTA = new BigDecimal("1000.5");

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

  @Test
  void editsWhileTheirBatchIsInFlight_stayPending_goUpNextCycleWithNewValues() {
    new TestData(db).tenant(TENANT, 1000, 100);
    new TestData(db).pendingReadings(TENANT, "r", READINGS);
    Map<String, Reliability.Local> before = Reliability.localReadings(db.dataSource(), TENANT);
    sandbox.switches(TENANT).latency(Latency.fixed(Duration.ofMillis(1500)));
    List<String> lines = new ArrayList<>(Reliability.quickLoop(1));
    lines.add("syncIntervalMinutes=0.05");
    lines.addAll(Reliability.tenant(TENANT, sandbox));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    try (JarProcess service = Reliability.service("edit", dir, config)) {
      service.await(
          "the first batch is at the client system",
          Duration.ofSeconds(60),
          () -> sandbox.timesReceived(TENANT, "r1") > 0 && sandbox.uploadsInFlight(TENANT) > 0);
      int edited =
          Reliability.update(
              db.dataSource(),
              "UPDATE meter_reading SET value = value + ? WHERE tenant_id = ?"
                  + " AND meter_reading_id = ANY (?)",
              DELTA,
              TENANT,
              EDITED.toArray(String[]::new));
      assertEquals(EDITED.size(), edited);
      assertEquals(1, sandbox.uploadsInFlight(TENANT), "the edit landed while the batch was out");
      // The batch out has drawn its latency; later ones need none, and on a loaded machine a slow
      // answer near the read timeout would be sent again and counted as a third receipt.
      sandbox.switches(TENANT).latency(Latency.NONE);

      service.awaitLog(
          "the first batch marked",
          Duration.ofSeconds(30),
          Pattern.compile(
              "tenant=" + TENANT + " upload batch 1: 100 readings: .*, 97 marked synchronized"),
          1);
      service.await(
          "everything synchronized, the edits sent again",
          Duration.ofSeconds(60),
          () -> Reliability.count(db.dataSource(), TENANT, "synchronized") == READINGS);
      for (String id : EDITED) {
        BigDecimal expected = before.get(id).value().add(DELTA);
        assertEquals(
            0, expected.compareTo(sandbox.heldReading(TENANT, id).orElseThrow().value()), id);
        assertEquals(2, sandbox.timesReceived(TENANT, id), id + " sent twice");
      }
      assertEquals(EDITED.size(), sandbox.stats(TENANT).updates());

      // An edit after the reading was synchronized makes it pending and goes up too.
      Reliability.update(
          db.dataSource(),
          "UPDATE meter_reading SET value = 42.125, unit = 'Wh' WHERE tenant_id = ?"
              + " AND meter_reading_id = 'r200'",
          TENANT);
      service.await(
          "the later edit held by the client system",
          Duration.ofSeconds(60),
          () ->
              sandbox.heldReading(TENANT, "r200").filter(r -> r.unit().equals("Wh")).isPresent()
                  && Reliability.count(db.dataSource(), TENANT, "synchronized") == READINGS);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    assertTrue(
        sandbox
                .heldReading(TENANT, "r200")
                .orElseThrow()
                .value()
                .compareTo(new BigDecimal("42.125"))
            == 0);
    assertEquals(EDITED.size() + 1, sandbox.stats(TENANT).updates());
    Reliability.Ledger.of(db.dataSource(), sandbox, List.of(TENANT))
        .printAndCheck("concurrent-edits");
  }
}
