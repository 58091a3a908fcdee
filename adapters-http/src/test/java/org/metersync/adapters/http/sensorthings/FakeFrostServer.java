package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.metersync.adapters.http.FakeClientSystemServer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * A SensorThings server that behaves like FROST-Server where the adapter relies on it: it stores
 * every Observation it is sent (no deduplication, fixture 13), finds them by {@code
 * parameters/readingId}, expands their Datastream on request, updates them on {@code PATCH}, and
 * answers numbers and times in its own forms ({@code 101.5} for {@code 101.50}, milliseconds).
 * Every meter has one Datastream, unit {@code kWh}.
 */
final class FakeFrostServer extends FakeClientSystemServer {

  private static final Pattern READING_ID =
      Pattern.compile("parameters/readingId eq '((?:[^']|'')*)'");
  private static final Pattern METER_ID = Pattern.compile("properties/meterId eq '((?:[^']|'')*)'");
  private static final Pattern OBSERVATION = Pattern.compile(".*/Observations\\((\\d+)\\)$");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;
  private final Map<Long, ObjectNode> observations = new LinkedHashMap<>();
  private final Map<String, Long> datastreams = new LinkedHashMap<>();
  private long nextObservationId = 1;

  FakeFrostServer(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** Gives {@code meterId} its Datastream with this id (else one is made on first lookup). */
  synchronized void datastream(String meterId, long id) {
    datastreams.put(meterId, id);
  }

  @Override
  public synchronized List<MeterReading> held(ReadingId id) {
    List<MeterReading> held = new ArrayList<>();
    for (ObjectNode observation : observations.values()) {
      if (id.value().equals(observation.path("parameters").path("readingId").asText(null))) {
        long datastream = observation.get("datastream").asLong();
        String meter =
            datastreams.entrySet().stream()
                .filter(e -> e.getValue() == datastream)
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
        held.add(
            new MeterReading(
                id,
                meter,
                Instant.parse(observation.get("phenomenonTime").asText()),
                observation.get("result").decimalValue(),
                "kWh"));
      }
    }
    return held;
  }

  @Override
  protected boolean isUpload(RecordedRequest request) {
    return request.getMethod().equals("POST")
        && request.getUrl().encodedPath().endsWith("/CreateObservations");
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (isUpload(request)) {
      return FrostJson.json(201, create(request));
    }
    Matcher observation = OBSERVATION.matcher(path);
    if (request.getMethod().equals("PATCH") && observation.matches()) {
      return patch(Long.parseLong(observation.group(1)), read(body(request)));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/Datastreams")) {
      return FrostJson.json(lookup(request.getUrl().queryParameter("$filter")));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/Observations")) {
      return FrostJson.json(find(request));
    }
    if (request.getMethod().equals("GET")) {
      return FrostJson.json("{\"value\":[]}");
    }
    return FrostJson.json(404, "{\"code\":404,\"type\":\"error\",\"message\":\"Not Found\"}");
  }

  private String create(RecordedRequest request) {
    ArrayNode entries = mapper.createArrayNode();
    for (JsonNode group : read(body(request))) {
      long datastream = group.get("Datastream").get("@iot.id").asLong();
      for (JsonNode row : group.get("dataArray")) {
        long id = nextObservationId++;
        ObjectNode stored = mapper.createObjectNode();
        stored.put("datastream", datastream);
        stored.put("phenomenonTime", row.get(0).asText());
        stored.set("result", row.get(1));
        stored.set("parameters", row.get(2));
        observations.put(id, stored);
        entries.add(request.getUrl().resolve("Observations(" + id + ")").toString());
      }
    }
    return entries.toString();
  }

  private MockResponse patch(long id, JsonNode changes) {
    ObjectNode stored = observations.get(id);
    if (stored == null) {
      return FrostJson.json(404, "{\"code\":404,\"type\":\"error\",\"message\":\"Not Found\"}");
    }
    changes.fields().forEachRemaining(field -> stored.set(field.getKey(), field.getValue()));
    return new MockResponse.Builder().code(200).build();
  }

  private String lookup(String filter) {
    Matcher meter = METER_ID.matcher(filter);
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    if (meter.find()) {
      String meterId = meter.group(1).replace("''", "'");
      long id = datastreams.computeIfAbsent(meterId, m -> (long) datastreams.size() + 1);
      value
          .addObject()
          .put("@iot.id", id)
          .put("name", meterId)
          .putObject("unitOfMeasurement")
          .put("symbol", "kWh");
    }
    return page.toString();
  }

  private String find(RecordedRequest request) {
    Set<String> asked = new HashSet<>();
    Matcher matcher = READING_ID.matcher(request.getUrl().queryParameter("$filter"));
    while (matcher.find()) {
      asked.add(matcher.group(1).replace("''", "'"));
    }
    String expand = request.getUrl().queryParameter("$expand");
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    observations.forEach(
        (id, stored) -> {
          if (asked.contains(stored.path("parameters").path("readingId").asText(null))) {
            ObjectNode answer = value.addObject();
            answer.put("@iot.id", id);
            answer.put(
                "phenomenonTime",
                MILLIS.format(Instant.parse(stored.get("phenomenonTime").asText())));
            answer.put(
                "result",
                new BigDecimal(
                    stored.get("result").decimalValue().stripTrailingZeros().toPlainString()));
            answer.set("parameters", stored.get("parameters"));
            if (expand != null && expand.startsWith("Datastream")) {
              answer.putObject("Datastream").put("@iot.id", stored.get("datastream").asLong());
            }
          }
        });
    return page.toString();
  }

  private JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
