package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 7: bad input in the database and from a client system. Invalid batch sizes already in
 * the tenant table (0, -1, 10001) are replaced by the defaults and logged as errors per cycle; a
 * NULL is refused by the database itself. Malformed readings in a download page are kept aside in
 * {@code reading_quarantine} with their reason, the rest of the page is inserted and the cursor
 * moves past it. This includes readings that parse but that PostgreSQL cannot store (a year outside
 * 1-9999, a number beyond NUMERIC, a NUL character): they must not block the page.
 */
class BadInputIT {

  private static final Map<String, Integer> INVALID =
      Map.of("bad-zero", 0, "bad-neg", -1, "bad-big", 10_001);
  private static final String FEED = "bad-feed";
  private static final int PENDING = 250;

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder =
        SandboxClientSystem.builder().tenant(FEED, Reliability.TOKEN);
    INVALID.keySet().forEach(t -> builder.tenant(t, Reliability.TOKEN));
    sandbox = builder.start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void invalidBatchSizesAndMalformedReadings_defaultsLoggedReadingsKeptAsideRestSynced() {
    TestData data = new TestData(db);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(4));
    INVALID.forEach(
        (tenant, size) -> {
          data.tenant(tenant, null, null);
          Reliability.update(
              db.dataSource(),
              "UPDATE tenant SET download_batch_size = ?, upload_batch_size = ? WHERE tenant_id = ?",
              size,
              size,
              tenant);
          data.pendingReadings(tenant, "r", PENDING);
          sandbox.generateDownloadable(tenant, 5);
          lines.addAll(Reliability.tenant(tenant, sandbox));
        });
    data.tenant(FEED, 1000, 100);
    lines.addAll(Reliability.tenant(FEED, sandbox));
    sandbox.addDownloadableJson(FEED, feed());
    int feedSize = sandbox.downloadableCount(FEED);

    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                db.execute(
                    "UPDATE tenant SET upload_batch_size = NULL WHERE tenant_id = 'bad-zero'"));
    assertTrue(refused.getMessage().contains("null value in column"), refused.getMessage());
    assertEquals(
        "0/0",
        Reliability.queryString(
            db.dataSource(),
            "SELECT download_batch_size || '/' || upload_batch_size FROM tenant WHERE tenant_id ="
                + " 'bad-zero'"),
        "the refused NULL changed nothing");

    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
    try (JarProcess service = Reliability.service("bad-input", dir, config)) {
      service.await(
          "the valid readings of the page stored and the cursor past the page",
          Duration.ofSeconds(60),
          () ->
              ("reference-rest:v1:" + cursor(feedSize))
                  .equals(
                      Reliability.queryString(
                          db.dataSource(),
                          "SELECT cursor FROM download_cursor WHERE tenant_id = ?",
                          FEED)));
      service.await(
          "every local reading synchronized with default batch sizes",
          Duration.ofSeconds(60),
          () -> Reliability.unsynchronized(db.dataSource()) == 0);
      long quarantined = quarantined();
      service.awaitLog(
          "two more cycles of the feed tenant",
          Duration.ofSeconds(30),
          Pattern.compile("tenant=" + FEED + " cycle ok"),
          3);
      assertEquals(quarantined, quarantined(), "nothing quarantined twice");
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());

      String log = service.stderr();
      INVALID.forEach(
          (tenant, size) -> {
            assertTrue(
                Pattern.compile(
                        "ERROR .*tenant="
                            + tenant
                            + " invalid batch size: .*upload_batch_size.*"
                            + size)
                    .matcher(log)
                    .find(),
                tenant + " logged:\n" + service.tail());
            assertEquals(List.of(100, 100, 50), sandbox.stats(tenant).uploadBatchSizes(), tenant);
            assertTrue(
                sandbox.stats(tenant).downloadLimits().stream().allMatch(l -> l == 1000), tenant);
          });
    }

    assertEquals(
        "g1,g2,g3",
        Reliability.queryString(
            db.dataSource(),
            "SELECT string_agg(meter_reading_id, ',' ORDER BY meter_reading_id) FROM meter_reading"
                + " WHERE tenant_id = ?",
            FEED));
    assertEquals(
        "1.5",
        Reliability.queryString(
            db.dataSource(), "SELECT value::text FROM meter_reading WHERE meter_reading_id = 'g2'"),
        "the first of two readings with one id in a page is taken");
    List<String> reasons = quarantineReasons();
    assertEquals(7, reasons.size(), String.join("\n", reasons));
    for (String expected :
        List.of(
            "null|id is missing",
            "b-num|value is not a JSON number",
            "b-feb30|takenAt is not an ISO-8601 instant",
            "g2|duplicate id within the page",
            "b-year0|takenAt 0000-01-01T00:00:00Z is outside the years 1-9999",
            "b-year20000|takenAt +20000-01-01T00:00:00Z is outside",
            "b-nul|a NUL character")) {
      assertTrue(
          reasons.stream().anyMatch(r -> r.startsWith(expected)), expected + " in " + reasons);
    }
    System.out.printf("bad-input: quarantined %s%n", reasons);
    List<String> tenants = new ArrayList<>(INVALID.keySet());
    Reliability.Ledger.of(db.dataSource(), sandbox, tenants).printAndCheck("bad-input");
  }

  private long quarantined() {
    return Reliability.queryLong(
        db.dataSource(), "SELECT count(*) FROM reading_quarantine WHERE tenant_id = ?", FEED);
  }

  private List<String> quarantineReasons() {
    String all =
        Reliability.queryString(
            db.dataSource(),
            "SELECT string_agg(coalesce(meter_reading_id, 'null') || '|' || reason, E'\\n'"
                + " ORDER BY quarantine_id) FROM reading_quarantine WHERE tenant_id = ?",
            FEED);
    return all == null ? List.of() : all.lines().toList();
  }

  private static String cursor(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("feed:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> feed() {
    return List.of(
        reading("\"id\":\"g1\"", "2026-01-01T00:00:00Z", "1.5", "M-1"),
        reading(null, "2026-01-01T00:15:00Z", "2", "M-1"),
        reading("\"id\":\"b-num\"", "2026-01-01T00:30:00Z", "\"12,5\"", "M-1"),
        reading("\"id\":\"b-feb30\"", "2026-02-30T00:00:00Z", "3", "M-1"),
        reading("\"id\":\"g2\"", "2026-01-01T00:45:00Z", "1.5", "M-2"),
        reading("\"id\":\"g2\"", "2026-01-01T00:45:00Z", "9.5", "M-2"),
        reading("\"id\":\"b-year0\"", "0000-01-01T00:00:00Z", "4", "M-1"),
        reading("\"id\":\"b-year20000\"", "+20000-01-01T00:00:00Z", "5", "M-1"),
        reading("\"id\":\"b-nul\"", "2026-01-01T01:15:00Z", "6", "M\\u00001"),
        reading("\"id\":\"g3\"", "2026-01-01T01:30:00Z", "7.25", "M-3"));
  }

  private static String reading(String id, String takenAt, String value, String meter) {
    return "{"
        + (id == null ? "" : id + ",")
        + "\"meterId\":\""
        + meter
        + "\",\"takenAt\":\""
        + takenAt
        + "\",\"value\":"
        + value
        + ",\"unit\":\"kWh\"}";
  }
}
