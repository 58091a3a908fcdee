package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchJsonTest {

  private static final ServerUnderTest SERVER =
      new ServerUnderTest(false, "15.20 (Debian 15.20-0+deb12u1)", "on", 1_000_000, 1000);

  private static final StatementTimes TIMES =
      new StatementTimes(
          StatementTimes.Timings.ofNanos(1_000_000, 2_000_000, 3_000_000),
          StatementTimes.Timings.ofNanos(4_000_000, 5_000_000, 20_000_000));

  @Test
  void write_rows_databaseThenOneObjectPerRowWithExactlyTheKeysInOrder() throws Exception {
    List<BenchRow> rows =
        List.of(
            new BenchRow("upload", 1000, 20_000, 0.5, 42, 20, 68.25),
            new BenchRow("floor-download", 100, 20_000, 0.25, 200, 0, 44));

    JsonNode json = written(rows);

    assertEquals(List.of("database", "remote", "rows"), keys(json));
    JsonNode array = json.get("rows");
    assertEquals(2, array.size());
    for (JsonNode row : array) {
      assertEquals(BenchJson.KEYS, keys(row));
      assertTrue(row.get("statementTimes").isNull());
      assertTrue(row.get("statistics").isNull());
    }
    JsonNode upload = array.get(0);
    assertEquals("upload", upload.get("scenario").asText());
    assertEquals(1000, upload.get("batchSize").asInt());
    assertEquals(20_000, upload.get("readings").asLong());
    assertEquals(0.5, upload.get("seconds").asDouble());
    assertEquals(40_000.0, upload.get("readingsPerSecond").asDouble());
    assertEquals(42, upload.get("sqlStatements").asLong());
    assertEquals(2.1, upload.get("sqlStatementsPer1000").asDouble());
    assertEquals(20, upload.get("httpRequests").asLong());
    assertEquals(68.3, upload.get("peakHeapMb").asDouble());
    assertEquals(10.0, array.get(1).get("sqlStatementsPer1000").asDouble());
  }

  @Test
  void write_server_kindVersionCommitSettingAndHistory() throws Exception {
    JsonNode database = written(List.of()).get("database");

    assertEquals(BenchJson.DATABASE_KEYS, keys(database));
    assertEquals("external", database.get("kind").asText());
    assertEquals("15.20 (Debian 15.20-0+deb12u1)", database.get("serverVersion").asText());
    assertEquals("on", database.get("synchronousCommit").asText());
    assertEquals(1_000_000, database.get("historyReadings").asLong());
    assertEquals(1000, database.get("historyTenants").asInt());
  }

  @Test
  void write_uploadRowWithTimesAndStatistics_perBatchFiguresInMilliseconds() throws Exception {
    BenchRow row =
        new BenchRow(
            "upload-fresh",
            1000,
            2000,
            0.5,
            6,
            2,
            60,
            Optional.of(TIMES),
            Optional.of(new PlannerStatistics(PlannerStatistics.AtStart.BEFORE_BACKLOG, true)));

    JsonNode written = written(List.of(row)).get("rows").get(0);

    JsonNode times = written.get("statementTimes");
    assertEquals(BenchJson.STATEMENT_TIME_KEYS, keys(times));
    assertEquals(3, times.get("selects").asInt());
    assertEquals(2.0, times.get("selectMeanMs").asDouble());
    assertEquals(2.0, times.get("selectMedianMs").asDouble());
    assertEquals(3.0, times.get("selectMaxMs").asDouble());
    assertEquals(3, times.get("marks").asInt());
    assertEquals(9.667, times.get("markMeanMs").asDouble());
    assertEquals(5.0, times.get("markMedianMs").asDouble());
    assertEquals(20.0, times.get("markMaxMs").asDouble());
    assertEquals(4.0, times.get("markMaxToMedian").asDouble());
    JsonNode statistics = written.get("statistics");
    assertEquals(BenchJson.STATISTICS_KEYS, keys(statistics));
    assertEquals("before-backlog", statistics.get("atStart").asText());
    assertTrue(statistics.get("analyzedDuringRun").asBoolean());
  }

  @Test
  void write_remoteBoundRun_costAtTopAndEachRowsBusyTimeRequestsAndRenewals() throws Exception {
    BenchRow row =
        new BenchRow("remote-upload", 500, 10_000, 7.0, 62, 20, 40)
            .withRemote(
                new RemoteFigures(
                    6.3,
                    new StatementTimes.Timings(20, 318.0, 318.0, 320.0),
                    new StatementTimes.Timings(20, 2.0, 2.0, 3.0)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BenchJson.write(SERVER, Optional.of(RemoteCost.FROST_LIKE), List.of(row), out);

    JsonNode json = new ObjectMapper().readTree(out.toByteArray());
    JsonNode cost = json.get("remote");
    assertEquals(BenchJson.REMOTE_COST_KEYS, keys(cost));
    assertEquals("frost-like", cost.get("preset").asText());
    assertEquals(10.0, cost.get("requestCostMs").asDouble());
    assertEquals(0.6, cost.get("readingCostMs").asDouble());
    assertEquals(1, cost.get("concurrencyPerTenant").asInt());
    JsonNode remote = json.get("rows").get(0).get("remote");
    assertEquals(BenchJson.REMOTE_KEYS, keys(remote));
    assertEquals(6.3, remote.get("busySeconds").asDouble());
    assertEquals(0.9, remote.get("busyShare").asDouble());
    assertEquals(35.0, remote.get("idleMsPerRequest").asDouble());
    assertEquals(20, remote.get("requests").asInt());
    assertEquals(318.0, remote.get("requestMeanMs").asDouble());
    assertEquals(20, remote.get("renews").asInt());
    assertEquals(2.0, remote.get("renewMeanMs").asDouble());
  }

  @Test
  void write_notRemoteBound_remoteNullAtTopAndInEveryRow() throws Exception {
    JsonNode json = written(List.of(new BenchRow("upload", 1000, 20_000, 0.5, 42, 20, 68.25)));

    assertTrue(json.get("remote").isNull());
    assertTrue(json.get("rows").get(0).get("remote").isNull());
  }

  @Test
  void write_noRows_emptyArray() throws Exception {
    assertEquals(0, written(List.of()).get("rows").size());
  }

  private static JsonNode written(List<BenchRow> rows) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BenchJson.write(SERVER, Optional.empty(), rows, out);
    return new ObjectMapper().readTree(out.toByteArray());
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
