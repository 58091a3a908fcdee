package org.metersync.adapters.http.referencerest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.metersync.adapters.http.FakeClientSystemServer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * A reference REST server as {@code docs/client-system-api.md} describes it: readings stored by id
 * (the same data again is {@code already_present}, other data updates the copy and is {@code
 * accepted}), and an identical re-send under a known {@code Idempotency-Key} replayed.
 */
final class FakeReferenceRestServer extends FakeClientSystemServer {

  private final ObjectMapper mapper;
  private final Map<String, MeterReading> readings = new HashMap<>();
  private final Map<String, String> answersByKey = new HashMap<>();

  FakeReferenceRestServer(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public synchronized List<MeterReading> held(ReadingId id) {
    MeterReading reading = readings.get(id.value());
    return reading == null ? List.of() : List.of(reading);
  }

  @Override
  protected boolean isUpload(RecordedRequest request) {
    return request.getMethod().equals("POST");
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.endsWith("/health")) {
      return ReferenceRestContractTest.json("{\"status\":\"ok\"}");
    }
    if (!path.endsWith("/readings/batch")) {
      return new MockResponse.Builder().code(404).build();
    }
    String key = request.getHeaders().get("Idempotency-Key");
    if (key == null) {
      return new MockResponse.Builder().code(400).body("no Idempotency-Key").build();
    }
    String answer = answersByKey.computeIfAbsent(key, k -> store(body(request)));
    return ReferenceRestContractTest.json(answer);
  }

  private String store(String body) {
    ObjectNode answer = mapper.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (JsonNode node : read(body).get("readings")) {
      MeterReading reading = ReferenceRestMapper.toReading(node);
      MeterReading stored = readings.get(reading.id().value());
      String status = "accepted";
      if (stored != null && sameData(stored, reading)) {
        status = "already_present";
      } else {
        readings.put(reading.id().value(), reading);
      }
      results.addObject().put("id", reading.id().value()).put("status", status);
    }
    return answer.toString();
  }

  private static boolean sameData(MeterReading a, MeterReading b) {
    return a.meterId().equals(b.meterId())
        && a.takenAt().equals(b.takenAt())
        && a.value().compareTo(b.value()) == 0
        && a.unit().equals(b.unit());
  }

  private JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
