package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.BenchDatabase;
import org.metersync.bench.BenchService;
import org.metersync.bootstrap.cli.Main;

/**
 * {@code meter-sync bench} end to end, in this JVM, on the service as {@link ServiceBenchHost}
 * wires it on an embedded PostgreSQL: the server it says it ran on, the rows, their keys and their
 * exact statement, request and per-batch statement counts (deterministic), settled and fresh.
 * Timings are printed, never asserted.
 */
class BenchSubcommandTest {

  @TempDir Path dir;

  @Test
  void bench_2000ReadingsAt100And1000_rowsWithExactStatementAndRequestCounts() throws Exception {
    Path json = dir.resolve("bench.json");
    Path chart = dir.resolve("bench.png");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "bench",
            "--readings",
            "2000",
            "--upload-batch-sizes",
            "100,1000",
            "--json",
            json.toString(),
            "--chart",
            chart.toString(),
            "--repeat",
            "2",
            "--history",
            "5000");

    System.out.println(out);
    assertEquals(Main.OK, status, err.toString());
    Map<String, long[]> expected = new LinkedHashMap<>();
    // scenario@batch -> {SQL statements, HTTP requests}, for 2000 readings, download pages of 1000
    // upload: tenant read + horizon read + per batch a select, a horizon raise and a mark + the
    // select that finds nothing left
    expected.put("upload@100", new long[] {2 + 20 + 20 + 20 + 1, 20});
    expected.put("upload@1000", new long[] {2 + 2 + 2 + 2 + 1, 2});
    // the same on a fresh backlog: one statement per batch stays one statement
    expected.put("upload-fresh@100", new long[] {2 + 20 + 20 + 20 + 1, 20});
    expected.put("upload-fresh@1000", new long[] {2 + 2 + 2 + 2 + 1, 2});
    expected.put("floor-upload@100", new long[] {20 + 20 + 1, 0});
    expected.put("floor-upload@1000", new long[] {2 + 2 + 1, 0});
    expected.put("floor-upload-fresh@100", new long[] {20 + 20 + 1, 0});
    expected.put("floor-upload-fresh@1000", new long[] {2 + 2 + 1, 0});
    // 3 selects of up to 1000 and one UPDATE per reading; 20 uploads of 100
    expected.put("baseline-upload@100", new long[] {3 + 2000, 20});
    // download: tenant read + cursor read + per page (chunks + cursor save)
    expected.put("download@100", new long[] {1 + 1 + 2 * (10 + 1), 2});
    expected.put("download@1000", new long[] {1 + 1 + 2 * (1 + 1), 2});
    expected.put("floor-download@100", new long[] {20, 0});
    expected.put("floor-download@1000", new long[] {2, 0});
    // cursor read + one INSERT per reading + a cursor save per page
    expected.put("baseline-download@100", new long[] {1 + 2000 + 2, 2});

    JsonNode written = new ObjectMapper().readTree(json.toFile());
    assertTrue(written.get("remote").isNull());
    JsonNode database = written.get("database");
    assertEquals("embedded", database.get("kind").asText());
    assertTrue(database.get("serverVersion").asText().startsWith("17."), database.toString());
    assertEquals("on", database.get("synchronousCommit").asText(), "as production has it");
    assertEquals(5000, database.get("historyReadings").asLong());
    assertEquals(1000, database.get("historyTenants").asInt());
    JsonNode rows = written.get("rows");
    Map<String, long[]> actual = new LinkedHashMap<>();
    Map<String, String> perBatch = new LinkedHashMap<>();
    for (JsonNode row : rows) {
      List<String> keys = new ArrayList<>();
      row.fieldNames().forEachRemaining(keys::add);
      assertEquals(
          List.of(
              "scenario",
              "batchSize",
              "readings",
              "seconds",
              "readingsPerSecond",
              "sqlStatements",
              "sqlStatementsPer1000",
              "httpRequests",
              "peakHeapMb",
              "statementTimes",
              "statistics",
              "remote"),
          keys);
      assertTrue(row.get("remote").isNull(), "the client system answered at once");
      assertEquals(2000, row.get("readings").asLong());
      assertTrue(row.get("seconds").asDouble() > 0);
      assertTrue(row.get("peakHeapMb").asDouble() > 0);
      String key = row.get("scenario").asText() + "@" + row.get("batchSize").asInt();
      actual.put(
          key, new long[] {row.get("sqlStatements").asLong(), row.get("httpRequests").asLong()});
      JsonNode times = row.get("statementTimes");
      if (!times.isNull()) {
        assertTrue(times.get("markMaxToMedian").asDouble() >= 1, key + ": " + times);
        perBatch.put(
            key,
            times.get("selects").asInt()
                + " selects, "
                + times.get("marks").asInt()
                + " marks, statistics "
                + row.get("statistics").get("atStart").asText());
      }
    }
    assertEquals(
        List.of(
            "upload@100",
            "upload@1000",
            "upload-fresh@100",
            "upload-fresh@1000",
            "floor-upload@100",
            "floor-upload@1000",
            "floor-upload-fresh@100",
            "floor-upload-fresh@1000",
            "baseline-upload@100",
            "download@100",
            "download@1000",
            "floor-download@100",
            "floor-download@1000",
            "baseline-download@100"),
        List.copyOf(actual.keySet()));
    expected.forEach(
        (key, counts) ->
            assertArrayEquals(
                counts, actual.get(key), key + " was " + Arrays.toString(actual.get(key))));

    // per batch a select and a mark, one more select finds nothing left (the batches are full);
    // settled runs start with statistics that know their backlog, fresh ones with older ones
    Map<String, String> expectedPerBatch = new LinkedHashMap<>();
    expectedPerBatch.put("upload@100", "21 selects, 20 marks, statistics with-backlog");
    expectedPerBatch.put("upload@1000", "3 selects, 2 marks, statistics with-backlog");
    expectedPerBatch.put("upload-fresh@100", "21 selects, 20 marks, statistics before-backlog");
    expectedPerBatch.put("upload-fresh@1000", "3 selects, 2 marks, statistics before-backlog");
    expectedPerBatch.put("floor-upload@100", "21 selects, 20 marks, statistics with-backlog");
    expectedPerBatch.put("floor-upload@1000", "3 selects, 2 marks, statistics with-backlog");
    expectedPerBatch.put(
        "floor-upload-fresh@100", "21 selects, 20 marks, statistics before-backlog");
    expectedPerBatch.put(
        "floor-upload-fresh@1000", "3 selects, 2 marks, statistics before-backlog");
    assertEquals(expectedPerBatch, perBatch);

    String table = out.toString();
    assertTrue(table.contains("SCENARIO            BATCH  READINGS"), table);
    assertTrue(
        table.contains("database: PostgreSQL 17.")
            && table.contains(", embedded (the bench's own), synchronous_commit=on; history: 5000"),
        table);
    assertTrue(table.contains("PER BATCH (ms)      BATCH SELECTS"), table);
    assertTrue(table.contains("upload-fresh at batch 1000: "), table);
    assertTrue(table.contains("upload at batch 1000: "), table);
    byte[] png = Files.readAllBytes(chart);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
  }

  @Test
  void bench_remoteBound_uploadUnderTheLeaseBesideTheDirectUploadWithExactCounts()
      throws Exception {
    Path json = dir.resolve("remote.json");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int status =
        Main.run(
            new PrintWriter(out),
            new PrintWriter(err),
            "bench",
            "--remote-request-cost",
            "1ms",
            "--remote-reading-cost",
            "10us",
            "--readings",
            "200",
            "--upload-batch-sizes",
            "50",
            "--repeat",
            "1",
            "--json",
            json.toString());

    System.out.println(out);
    assertEquals(Main.OK, status, err.toString());
    JsonNode written = new ObjectMapper().readTree(json.toFile());
    assertEquals("custom", written.get("remote").get("preset").asText());
    assertEquals(1.0, written.get("remote").get("requestCostMs").asDouble());
    assertEquals(0.01, written.get("remote").get("readingCostMs").asDouble());
    Map<String, String> actual = new LinkedHashMap<>();
    for (JsonNode row : written.get("rows")) {
      JsonNode remote = row.get("remote");
      actual.put(
          row.get("scenario").asText() + "@" + row.get("batchSize").asInt(),
          row.get("sqlStatements").asLong()
              + " statements, "
              + row.get("httpRequests").asLong()
              + " requests, "
              + remote.get("requests").asInt()
              + " timed, "
              + remote.get("renews").asInt()
              + " renewals");
    }
    // the upload: lease take + horizon read + per batch a select, a renewal, a horizon raise and a
    // mark + the last select + release
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("remote-direct@50", "0 statements, 4 requests, 4 timed, 0 renewals");
    expected.put(
        "remote-upload@50", (2 + 4 * 4 + 1 + 1) + " statements, 4 requests, 4 timed, 4 renewals");
    expected.put(
        "remote-upload-fresh@50",
        (2 + 4 * 4 + 1 + 1) + " statements, 4 requests, 4 timed, 4 renewals");
    assertEquals(expected, actual);
    String table = out.toString();
    assertTrue(
        table.contains(
            "client system: remote-bound, 1 ms per request + 0.01 ms per reading (custom), one"
                + " request at a time per tenant"),
        table);
    assertTrue(table.contains("REMOTE-BOUND         BATCH READINGS/S OF DIRECT"), table);
    assertTrue(table.contains("remote-upload-fresh at batch 50: "), table);
  }

  @Test
  void help_listsBenchAmongTheCommands_beforeHelp() {
    StringWriter out = new StringWriter();

    int status = Main.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help");

    assertEquals(Main.OK, status);
    String help = out.toString();
    assertTrue(help.contains("\n  bench    Measure upload and download"), help);
    assertTrue(help.indexOf("\n  demo ") < help.indexOf("\n  bench "), help);
    assertTrue(help.indexOf("\n  bench ") < help.indexOf("\n  help "), help);
  }

  @Test
  void bench_badBatchSizes_usageErrorNamingTheOption() {
    StringWriter err = new StringWriter();

    int status =
        Main.run(
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            "bench",
            "--upload-batch-sizes",
            "100,lots");

    assertEquals(Main.USAGE, status);
    assertTrue(
        err.toString().contains("--upload-batch-sizes: 'lots' is not a whole number"),
        err.toString());
  }

  @Test
  void open_embeddedWithSynchronousCommitOff_serverRunsWithIt() {
    try (BenchService service = new ServiceBenchHost().open(Optional.empty(), dir, false)) {
      BenchDatabase database = new BenchDatabase(service.dataSource(), "bench-", true);

      assertEquals("off", database.serverSettings().synchronousCommit());
    }
  }
}
