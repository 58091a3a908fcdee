package org.metersync.bench;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The run as JSON: an object with the server measured ({@code database}), the client system's cost
 * ({@code remote}, {@code null} when it answered at once) and the rows ({@code rows}), one object
 * per row with exactly the documented keys; a row's statement times, statistics and remote-bound
 * figures are {@code null} where the scenario has none.
 */
final class BenchJson {

  static final List<String> KEYS =
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
          "remote");

  static final List<String> DATABASE_KEYS =
      List.of("kind", "serverVersion", "synchronousCommit", "historyReadings", "historyTenants");

  static final List<String> STATEMENT_TIME_KEYS =
      List.of(
          "selects",
          "selectMeanMs",
          "selectMedianMs",
          "selectMaxMs",
          "marks",
          "markMeanMs",
          "markMedianMs",
          "markMaxMs",
          "markMaxToMedian");

  static final List<String> STATISTICS_KEYS = List.of("atStart", "analyzedDuringRun");

  static final List<String> REMOTE_COST_KEYS =
      List.of("preset", "requestCostMs", "readingCostMs", "concurrencyPerTenant");

  static final List<String> REMOTE_KEYS =
      List.of(
          "busySeconds",
          "busyShare",
          "idleMsPerRequest",
          "requests",
          "requestMeanMs",
          "renews",
          "renewMeanMs");

  private BenchJson() {}

  static void write(
      ServerUnderTest server, Optional<RemoteCost> remote, List<BenchRow> rows, Path file)
      throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      write(server, remote, rows, out);
    }
  }

  static void write(
      ServerUnderTest server, Optional<RemoteCost> remote, List<BenchRow> rows, OutputStream out)
      throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeObjectFieldStart("database");
      json.writeStringField(DATABASE_KEYS.get(0), server.kind());
      json.writeStringField(DATABASE_KEYS.get(1), server.version());
      json.writeStringField(DATABASE_KEYS.get(2), server.synchronousCommit());
      json.writeNumberField(DATABASE_KEYS.get(3), server.historyReadings());
      json.writeNumberField(DATABASE_KEYS.get(4), server.historyTenants());
      json.writeEndObject();
      json.writeFieldName("remote");
      writeCost(json, remote);
      json.writeArrayFieldStart("rows");
      for (BenchRow row : rows) {
        writeRow(json, row);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static void writeRow(JsonGenerator json, BenchRow row) throws IOException {
    json.writeStartObject();
    json.writeStringField(KEYS.get(0), row.scenario());
    json.writeNumberField(KEYS.get(1), row.batchSize());
    json.writeNumberField(KEYS.get(2), row.readings());
    json.writeNumberField(KEYS.get(3), round(row.seconds(), 3));
    json.writeNumberField(KEYS.get(4), round(row.readingsPerSecond(), 1));
    json.writeNumberField(KEYS.get(5), row.sqlStatements());
    json.writeNumberField(KEYS.get(6), round(row.sqlStatementsPer1000(), 3));
    json.writeNumberField(KEYS.get(7), row.httpRequests());
    json.writeNumberField(KEYS.get(8), round(row.peakHeapMb(), 1));
    json.writeFieldName(KEYS.get(9));
    writeTimes(json, row.statementTimes());
    json.writeFieldName(KEYS.get(10));
    writeStatistics(json, row.statistics());
    json.writeFieldName(KEYS.get(11));
    writeRemote(json, row);
    json.writeEndObject();
  }

  /** The client system's cost, {@code null} when it answered at once. */
  private static void writeCost(JsonGenerator json, Optional<RemoteCost> remote)
      throws IOException {
    if (remote.isEmpty()) {
      json.writeNull();
      return;
    }
    RemoteCost cost = remote.get();
    json.writeStartObject();
    json.writeStringField(REMOTE_COST_KEYS.get(0), cost.name());
    json.writeNumberField(
        REMOTE_COST_KEYS.get(1), BigDecimal.valueOf(cost.perRequest().toNanos(), 6));
    json.writeNumberField(
        REMOTE_COST_KEYS.get(2), BigDecimal.valueOf(cost.perReading().toNanos(), 6));
    json.writeNumberField(REMOTE_COST_KEYS.get(3), 1);
    json.writeEndObject();
  }

  private static void writeRemote(JsonGenerator json, BenchRow row) throws IOException {
    if (row.remote().isEmpty()) {
      json.writeNull();
      return;
    }
    RemoteFigures r = row.remote().get();
    json.writeStartObject();
    json.writeNumberField(REMOTE_KEYS.get(0), round(r.busySeconds(), 3));
    json.writeNumberField(REMOTE_KEYS.get(1), round(r.busyShare(row.seconds()), 4));
    json.writeNumberField(
        REMOTE_KEYS.get(2), round(r.idleMsPerRequest(row.seconds(), row.httpRequests()), 3));
    json.writeNumberField(REMOTE_KEYS.get(3), r.requests().count());
    json.writeNumberField(REMOTE_KEYS.get(4), round(r.requests().meanMs(), 3));
    json.writeNumberField(REMOTE_KEYS.get(5), r.renew().count());
    json.writeNumberField(REMOTE_KEYS.get(6), round(r.renew().meanMs(), 3));
    json.writeEndObject();
  }

  private static void writeTimes(JsonGenerator json, Optional<StatementTimes> times)
      throws IOException {
    if (times.isEmpty()) {
      json.writeNull();
      return;
    }
    StatementTimes t = times.get();
    json.writeStartObject();
    json.writeNumberField(STATEMENT_TIME_KEYS.get(0), t.select().count());
    json.writeNumberField(STATEMENT_TIME_KEYS.get(1), round(t.select().meanMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(2), round(t.select().medianMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(3), round(t.select().maxMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(4), t.mark().count());
    json.writeNumberField(STATEMENT_TIME_KEYS.get(5), round(t.mark().meanMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(6), round(t.mark().medianMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(7), round(t.mark().maxMs(), 3));
    json.writeNumberField(STATEMENT_TIME_KEYS.get(8), round(t.markMaxToMedian(), 2));
    json.writeEndObject();
  }

  private static void writeStatistics(JsonGenerator json, Optional<PlannerStatistics> statistics)
      throws IOException {
    if (statistics.isEmpty()) {
      json.writeNull();
      return;
    }
    json.writeStartObject();
    json.writeStringField(STATISTICS_KEYS.get(0), statistics.get().atStart().label());
    json.writeBooleanField(STATISTICS_KEYS.get(1), statistics.get().analyzedDuringRun());
    json.writeEndObject();
  }

  private static BigDecimal round(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }
}
