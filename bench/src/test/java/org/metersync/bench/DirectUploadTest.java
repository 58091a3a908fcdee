package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectUploadTest {

  private final DirectUpload direct = new DirectUpload();
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void requests_2500InBatchesOf1000_threeBodiesInOrderShapedAsTheAdapterWritesThem()
      throws Exception {
    List<DirectUpload.Request> requests = direct.requests(2500, 1000);

    assertEquals(List.of(1000, 1000, 500), requests.stream().map(r -> r.readings()).toList());
    JsonNode first = mapper.readTree(requests.get(0).body()).get("readings").get(0);
    assertEquals(
        mapper.readTree(
            "{\"id\":\"local-1\",\"meterId\":\"meter-1\",\"takenAt\":\"2026-01-01T00:15:00Z\","
                + "\"value\":0.370,\"unit\":\"kWh\"}"),
        first);
    String body = new String(requests.get(0).body(), StandardCharsets.UTF_8);
    assertTrue(body.contains("\"value\":0.370,"), "scale 3, as stored: " + body.substring(0, 120));
    JsonNode last = mapper.readTree(requests.get(2).body()).get("readings");
    assertEquals(500, last.size());
    assertEquals("local-2500", last.get(499).get("id").asText());
    assertTrue(requests.get(0).idempotencyKey().matches("[0-9a-f]{64}"));
    assertNotEquals(requests.get(0).idempotencyKey(), requests.get(1).idempotencyKey());
  }

  @Test
  void send_toTheLoopbackClientSystem_everyReadingAcceptedAndEachRequestTimed() {
    try (LoopbackClientSystem server = LoopbackClientSystem.start("tok")) {
      DirectUpload.Sent sent = direct.send(server.baseUrl("d"), "tok", direct.requests(250, 100));

      assertEquals(250, sent.accepted());
      assertEquals(3, sent.requests().count());
      assertEquals(250, server.readingsReceived());
      assertEquals(3, server.requests());
    }
  }

  @Test
  void send_refused_errorNamingTheStatus() {
    try (LoopbackClientSystem server = LoopbackClientSystem.start("tok")) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> direct.send(server.baseUrl("d"), "wrong", direct.requests(10, 10)));

      assertTrue(e.getMessage().startsWith("the direct upload got 401 from http://127.0.0.1:"));
    }
  }

  @Test
  void requests_nothingToSend_refused() {
    assertThrows(IllegalArgumentException.class, () -> direct.requests(0, 10));
    assertThrows(IllegalArgumentException.class, () -> direct.requests(10, 0));
  }
}
