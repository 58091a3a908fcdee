package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchJsonTest {

  @Test
  void write_rows_oneObjectPerRowWithExactlyTheKeysInOrder() throws Exception {
    List<BenchRow> rows =
        List.of(
            new BenchRow("upload", 1000, 20_000, 0.5, 42, 20, 68.25),
            new BenchRow("floor-download", 100, 20_000, 0.25, 200, 0, 44));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BenchJson.write(rows, out);

    JsonNode array = new ObjectMapper().readTree(out.toByteArray());
    assertEquals(2, array.size());
    for (JsonNode row : array) {
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
              "peakHeapMb"),
          keys);
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
  void write_noRows_emptyArray() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BenchJson.write(List.of(), out);

    assertEquals(0, new ObjectMapper().readTree(out.toByteArray()).size());
  }
}
