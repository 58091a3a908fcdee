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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.testkit.http.RemoteServer;

/**
 * A SensorThings server that behaves like FROST-Server where the adapter relies on it: it stores
 * every Observation it is sent (no deduplication, fixture 13), finds them by {@code
 * parameters/readingId}, expands their Datastream on request, updates them on {@code PATCH}, lists
 * them by id with {@code $top}, {@code $filter=id gt} and a next link carrying {@code $skip}
 * (fixtures 06–08), answers an entry {@code error …} for a row it cannot store (fixture 04), and
 * answers numbers and times in its own forms ({@code 101.5} for {@code 101.50}, milliseconds).
 * Every meter has one Datastream with one unit ({@code kWh} unless offered readings say another).
 * With a token, every request must carry {@code Authorization: Bearer <token>}.
 */
final class FakeFrostServer extends RemoteServer {

  private static final Pattern READING_ID =
      Pattern.compile("parameters/readingId eq '((?:[^']|'')*)'");
  private static final Pattern METER_ID = Pattern.compile("properties/meterId eq '((?:[^']|'')*)'");
  private static final Pattern OBSERVATION = Pattern.compile(".*/Observations\\((\\d+)\\)$");
  private static final Pattern AFTER_ID = Pattern.compile("^id gt (\\d+)$");
  private static final Pattern ID_RANGE = Pattern.compile("^\\(id ge (\\d+) and id le (\\d+)\\)$");
  private static final Pattern ID_EQ = Pattern.compile("^id eq (\\d+)$");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper mapper;
  private final String authorization;
  // By id, as FROST lists them: an Observation committed late still sorts by its id.
  private final Map<Long, ObjectNode> observations = new TreeMap<>();
  private final Map<Long, ObjectNode> uncommitted = new HashMap<>();
  private final Map<String, Long> datastreams = new LinkedHashMap<>();
  private final Map<Long, String> units = new HashMap<>();
  private final Map<String, String> refusals = new HashMap<>();
  private long nextObservationId = 1;
  private boolean leaveOutNextEntry;
  private boolean ignoreNextTop;

  /** A server that asks for no credentials. */
  FakeFrostServer(ObjectMapper mapper) {
    this(mapper, null);
  }

  /**
   * A server that wants {@code Authorization: Bearer <token>}, or none if {@code token} is null.
   */
  FakeFrostServer(ObjectMapper mapper, String token) {
    this.mapper = mapper;
    this.authorization = token == null ? null : "Bearer " + token;
  }

  /** Stores {@code readings} as Observations, in order, each meter's Datastream made if new. */
  synchronized void offer(List<MeterReading> readings) {
    for (MeterReading reading : readings) {
      long datastream = datastreams.computeIfAbsent(reading.meterId(), m -> nextDatastreamId());
      String unit = units.computeIfAbsent(datastream, d -> reading.unit());
      if (!unit.equals(reading.unit())) {
        throw new IllegalArgumentException(
            "a Datastream has one unit; meter " + reading.meterId() + " has " + unit);
      }
      ObjectNode stored = mapper.createObjectNode();
      stored.put("datastream", datastream);
      stored.put("phenomenonTime", reading.takenAt().toString());
      stored.put("result", reading.value());
      stored.putObject("parameters").put("readingId", reading.id().value());
      observations.put(nextObservationId++, stored);
    }
  }

  /** An Observation stored in a transaction that has not committed yet; see {@link #hold}. */
  record Held(long id) {}

  /**
   * Stores {@code reading} under the next id in a transaction left open: invisible to every query
   * until {@link #commit}. Like FROST on PostgreSQL, where ids come from a sequence when the insert
   * runs, an Observation offered meanwhile gets a higher id and is visible first.
   */
  synchronized Held hold(MeterReading reading) {
    long id = nextObservationId;
    offer(List.of(reading));
    uncommitted.put(id, observations.remove(id));
    return new Held(id);
  }

  /** Commits a held Observation: from now on it is listed and found under its (old) id. */
  synchronized void commit(Held held) {
    observations.put(held.id(), requireHeld(held));
  }

  /** Rolls a held Observation back: its id is never used, as with a sequence. */
  synchronized void rollBack(Held held) {
    requireHeld(held);
  }

  private ObjectNode requireHeld(Held held) {
    ObjectNode stored = uncommitted.remove(held.id());
    if (stored == null) {
      throw new IllegalStateException("Observation " + held.id() + " is not held open");
    }
    return stored;
  }

  /** Answers the row of reading {@code id} in the next CreateObservations with an error entry. */
  synchronized void refuse(ReadingId id, String reason) {
    refusals.put(id.value(), reason);
  }

  /** Stores the next CreateObservations, then answers with its last entry left out. */
  synchronized void leaveOutNextEntry() {
    leaveOutNextEntry = true;
  }

  /** Answers the next listing with every Observation left, whatever its {@code $top}. */
  synchronized void ignoreNextTop() {
    ignoreNextTop = true;
  }

  private long nextDatastreamId() {
    return datastreams.size() + 1L;
  }

  /** Gives {@code meterId} its Datastream with this id (else one is made on first lookup). */
  synchronized void datastream(String meterId, long id) {
    datastreams.put(meterId, id);
  }

  /** Every Observation of the reading {@code id}, as a reading. */
  synchronized List<MeterReading> held(ReadingId id) {
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
                units.getOrDefault(datastream, "kWh")));
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
    if (authorization != null && !authorization.equals(request.getHeaders().get("Authorization"))) {
      return FrostJson.json(401, "{\"code\":401,\"type\":\"error\",\"message\":\"Unauthorized\"}");
    }
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
      String filter = request.getUrl().queryParameter("$filter");
      boolean check = filter != null && filter.contains("parameters/readingId");
      return FrostJson.json(check ? find(request) : list(request));
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
        String refusal = refusals.remove(row.get(2).path("readingId").asText());
        if (refusal != null) {
          entries.add("error " + refusal);
          continue;
        }
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
    if (leaveOutNextEntry) {
      leaveOutNextEntry = false;
      entries.remove(entries.size() - 1);
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
      long id = datastreams.computeIfAbsent(meterId, m -> nextDatastreamId());
      value
          .addObject()
          .put("@iot.id", id)
          .put("name", meterId)
          .putObject("unitOfMeasurement")
          .put("symbol", units.computeIfAbsent(id, d -> "kWh"));
    }
    return page.toString();
  }

  /**
   * A listing ordered by id, of those the {@code $filter} on ids takes if given, from {@code
   * $skip}.
   */
  private String list(RecordedRequest request) {
    LongPredicate taken = idFilter(request.getUrl().queryParameter("$filter"));
    int top = Integer.parseInt(request.getUrl().queryParameter("$top"));
    String skipText = request.getUrl().queryParameter("$skip");
    int skip = skipText == null ? 0 : Integer.parseInt(skipText);
    List<Long> ids = new ArrayList<>();
    for (long id : observations.keySet()) {
      if (taken.test(id)) {
        ids.add(id);
      }
    }
    int end = ignoreNextTop ? ids.size() : Math.min(skip + top, ids.size());
    ignoreNextTop = false;
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    for (long id : ids.subList(Math.min(skip, ids.size()), end)) {
      value.add(listed(id, observations.get(id)));
    }
    if (end < ids.size()) {
      page.put(
          "@iot.nextLink",
          request
              .getUrl()
              .newBuilder()
              .setQueryParameter("$skip", Integer.toString(end))
              .toString());
    }
    return page.toString();
  }

  /**
   * The ids a {@code $filter} on ids takes: {@code id gt N}, or terms {@code (id ge A and id le B)}
   * and {@code id eq A} joined by {@code or}; any other filter fails the test.
   */
  private static LongPredicate idFilter(String filter) {
    if (filter == null) {
      return id -> true;
    }
    Matcher after = AFTER_ID.matcher(filter);
    if (after.matches()) {
      long bound = Long.parseLong(after.group(1));
      return id -> id > bound;
    }
    LongPredicate any = id -> false;
    for (String term : filter.split(" or ", -1)) {
      Matcher range = ID_RANGE.matcher(term);
      Matcher eq = ID_EQ.matcher(term);
      if (range.matches()) {
        long from = Long.parseLong(range.group(1));
        long to = Long.parseLong(range.group(2));
        any = any.or(id -> id >= from && id <= to);
      } else if (eq.matches()) {
        long only = Long.parseLong(eq.group(1));
        any = any.or(id -> id == only);
      } else {
        throw new IllegalArgumentException("the fake knows no filter " + filter);
      }
    }
    return any;
  }

  private ObjectNode listed(long id, ObjectNode stored) {
    long datastream = stored.get("datastream").asLong();
    String meterId =
        datastreams.entrySet().stream()
            .filter(e -> e.getValue() == datastream)
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    ObjectNode answer = mapper.createObjectNode();
    answer.put("@iot.id", id);
    answer.put(
        "phenomenonTime", MILLIS.format(Instant.parse(stored.get("phenomenonTime").asText())));
    answer.put(
        "result",
        new BigDecimal(stored.get("result").decimalValue().stripTrailingZeros().toPlainString()));
    answer.set("parameters", stored.get("parameters"));
    ObjectNode expanded = answer.putObject("Datastream");
    expanded.put("@iot.id", datastream).put("name", meterId);
    expanded.putObject("properties").put("meterId", meterId);
    String unit = units.getOrDefault(datastream, "kWh");
    expanded.putObject("unitOfMeasurement").put("name", unit).put("symbol", unit);
    return answer;
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
