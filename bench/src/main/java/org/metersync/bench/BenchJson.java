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

/** The rows as a JSON array, one object per row with exactly the documented keys. */
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
          "peakHeapMb");

  private BenchJson() {}

  static void write(List<BenchRow> rows, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      write(rows, out);
    }
  }

  static void write(List<BenchRow> rows, OutputStream out) throws IOException {
    try (JsonGenerator json = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartArray();
      for (BenchRow row : rows) {
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
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeRaw('\n');
    }
  }

  private static BigDecimal round(double value, int places) {
    return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }
}
