package org.metersync.adapters.http.referencerest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.testkit.http.RemoteServer;

/**
 * A reference REST server as {@code docs/client-system-api.md} describes it: readings stored by id
 * (the same data again is {@code already_present}, other data updates the copy and is {@code
 * accepted}), an identical re-send under a known {@code Idempotency-Key} replayed (an answer with
 * rejections is not remembered, so a re-send is judged again), a download feed paged by an opaque
 * cursor, at most {@code limit} readings a page, some {@code takenAt} written with an offset as a
 * server may. Every request must carry {@code Authorization: Bearer <token>}.
 */
final class FakeReferenceRestServer extends RemoteServer {

  private static final ZoneOffset SERVER_OFFSET = ZoneOffset.ofHoursMinutes(5, 30);
  private static final DateTimeFormatter OFFSET_FORM = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private final ObjectMapper mapper;
  private final String authorization;
  private final Map<String, MeterReading> readings = new HashMap<>();
  private final Map<String, String> answersByKey = new HashMap<>();
  private final Map<String, String> refusals = new HashMap<>();
  private final List<MeterReading> feed = new ArrayList<>();
  private boolean leaveOutNextResult;
  private boolean ignoreNextLimit;

  FakeReferenceRestServer(ObjectMapper mapper, String token) {
    this.mapper = mapper;
    this.authorization = "Bearer " + token;
  }

  /** Every copy the server holds: at most one, as it stores by id. */
  synchronized List<MeterReading> held(ReadingId id) {
    MeterReading reading = readings.get(id.value());
    return reading == null ? List.of() : List.of(reading);
  }

  synchronized void offer(List<MeterReading> readings) {
    feed.addAll(readings);
  }

  /** Rejects the reading {@code id} with {@code reason} in the next upload holding it. */
  synchronized void refuse(ReadingId id, String reason) {
    refusals.put(id.value(), reason);
  }

  /** Applies the next upload, then answers with its last result left out. */
  synchronized void leaveOutNextResult() {
    leaveOutNextResult = true;
  }

  /** Answers the next download with the whole rest of the feed, whatever its limit. */
  synchronized void ignoreNextLimit() {
    ignoreNextLimit = true;
  }

  @Override
  protected boolean isUpload(RecordedRequest request) {
    return request.getMethod().equals("POST");
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    if (!authorization.equals(request.getHeaders().get("Authorization"))) {
      return json(401, "{\"error\":\"missing or wrong bearer token\"}");
    }
    String path = request.getUrl().encodedPath();
    if (path.endsWith("/health")) {
      return json(200, "{\"status\":\"ok\"}");
    }
    if (path.endsWith("/readings") && request.getMethod().equals("GET")) {
      return page(
          request.getUrl().queryParameter("cursor"), request.getUrl().queryParameter("limit"));
    }
    if (!path.endsWith("/readings/batch")) {
      return new MockResponse.Builder().code(404).build();
    }
    String key = request.getHeaders().get("Idempotency-Key");
    if (key == null) {
      return json(400, "{\"error\":\"no Idempotency-Key\"}");
    }
    String answer = answersByKey.get(key);
    if (answer == null) {
      answer = store(body(request));
      if (!answer.contains("\"rejected\"")) {
        answersByKey.put(key, answer);
      }
    }
    if (leaveOutNextResult) {
      leaveOutNextResult = false;
      ObjectNode shortened = (ObjectNode) read(answer);
      ArrayNode results = (ArrayNode) shortened.get("results");
      results.remove(results.size() - 1);
      answer = shortened.toString();
    }
    return json(200, answer);
  }

  private MockResponse page(String cursor, String limitText) {
    int offset;
    int limit;
    try {
      offset = cursor == null ? 0 : Integer.parseInt(cursor.substring("at-".length()));
      limit = Integer.parseInt(limitText);
    } catch (RuntimeException e) {
      return json(400, "{\"error\":\"bad cursor or limit\"}");
    }
    if (offset < 0 || offset > feed.size() || limit < 1) {
      return json(400, "{\"error\":\"bad cursor or limit\"}");
    }
    int end = ignoreNextLimit ? feed.size() : Math.min(offset + limit, feed.size());
    ignoreNextLimit = false;
    ObjectNode page = mapper.createObjectNode();
    ArrayNode array = page.putArray("readings");
    for (int i = offset; i < end; i++) {
      MeterReading reading = feed.get(i);
      array
          .addObject()
          .put("id", reading.id().value())
          .put("meterId", reading.meterId())
          .put(
              "takenAt",
              i % 2 == 0
                  ? reading.takenAt().toString()
                  : OFFSET_FORM.format(reading.takenAt().atOffset(SERVER_OFFSET)))
          .put("value", reading.value())
          .put("unit", reading.unit());
    }
    page.put("nextCursor", "at-" + end);
    page.put("hasMore", end < feed.size());
    return json(200, write(page));
  }

  private String store(String body) {
    ObjectNode answer = mapper.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (JsonNode node : read(body).get("readings")) {
      MeterReading reading = ReferenceRestMapper.toReading(node);
      String id = reading.id().value();
      ObjectNode result = results.addObject().put("id", id);
      String refusal = refusals.remove(id);
      if (refusal != null) {
        result.put("status", "rejected").put("reason", refusal);
        continue;
      }
      MeterReading stored = readings.get(id);
      if (stored != null && sameData(stored, reading)) {
        result.put("status", "already_present");
      } else {
        readings.put(id, reading);
        result.put("status", "accepted");
      }
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

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
