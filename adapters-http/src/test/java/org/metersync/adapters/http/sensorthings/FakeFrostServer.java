package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
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
 * A SensorThings server that behaves like FROST-Server 2.4.2 where the adapter relies on it. Each
 * rule copies a behaviour of the real server:
 *
 * <ul>
 *   <li>it stores every Observation it is sent, a re-sent one twice (fixture 13), finds them by
 *       {@code parameters/readingId}, expands their Datastream on request and updates them on
 *       {@code PATCH};
 *   <li>it lists them by id with {@code $top}, {@code $filter=id gt} and a next link carrying
 *       {@code $skip} (fixtures 06–08);
 *   <li>{@code CreateObservations} answers one entry per row, {@code error …} for a row it cannot
 *       store (fixture 04); a row without a FeatureOfInterest is stored only if one can be made
 *       from a GeoJSON Location of its Datastream's Thing, else its entry is {@code error No
 *       FeatureOfInterest provided, and none can be generated.}, also for an unknown Datastream
 *       (fixture 05; FROST's {@code TableImpObservations} pre-insert hook);
 *   <li>Things (deep insert with Locations and Datastreams, their Sensor and ObservedProperty
 *       inline or by {@code @iot.id}), Sensors and ObservedProperties are entities: a {@code POST}
 *       missing a required property or naming an unknown id is refused with {@code 400} and nothing
 *       is stored; a created entity is answered {@code 201} with its {@code Location} and no body
 *       (fixture 01);
 *   <li>Datastreams are found by {@code properties/meterId} or {@code name}, with their Thing and
 *       its Locations expanded on request; Sensors and ObservedProperties by {@code name};
 *   <li>a request whose request line and headers exceed 8192 bytes is refused by the servlet
 *       container (Tomcat 9's {@code maxHttpHeaderSize}) with {@code 400} and an HTML body;
 *   <li>numbers and times come back in its own forms ({@code 101.5} for {@code 101.50},
 *       milliseconds).
 * </ul>
 *
 * <p>Unless {@link #withoutProvisioning()} is called, every meter looked up or offered has a
 * Datastream (unit {@code kWh} unless offered readings say another) on a Thing with a Location, as
 * if an operator had set it up. With a token, every request must carry {@code Authorization: Bearer
 * <token>}.
 */
final class FakeFrostServer extends RemoteServer {

  /** Tomcat 9's default {@code maxHttpHeaderSize}: request line and headers together. */
  static final int MAX_HEADER_BYTES = 8192;

  /** What Tomcat 9 answers to a request whose header section is too large (not FROST's JSON). */
  static final String TOMCAT_BAD_REQUEST =
      "<!doctype html><html lang=\"en\"><head><title>HTTP Status 400 – Bad Request</title><style"
          + " type=\"text/css\">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b"
          + " {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;}"
          + " h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line"
          + " {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP"
          + " Status 400 – Bad Request</h1></body></html>";

  static final String NO_FEATURE_OF_INTEREST =
      "No FeatureOfInterest provided, and none can be generated.";
  private static final Set<String> GEOJSON =
      Set.of("application/geo+json", "application/vnd.geo+json");
  private static final Pattern READING_ID =
      Pattern.compile("parameters/readingId eq '((?:[^']|'')*)'");
  private static final Pattern METER_ID = Pattern.compile("properties/meterId eq '((?:[^']|'')*)'");
  private static final Pattern NAME = Pattern.compile("^name eq '((?:[^']|'')*)'$");
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
  private final Map<Long, String> datastreamNames = new HashMap<>();
  private final Map<Long, Long> datastreamThings = new HashMap<>();
  private final Map<Long, List<Long>> thingLocations = new HashMap<>();
  private final Map<Long, ObjectNode> locations = new HashMap<>();
  private final Map<Long, ObjectNode> sensors = new LinkedHashMap<>();
  private final Map<Long, ObjectNode> observedProperties = new LinkedHashMap<>();
  private final Map<String, String> refusals = new HashMap<>();
  private long nextObservationId = 1;
  private long nextEntityId = 1;
  private boolean provisioning = true;
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

  /** From now on a meter has a Datastream only if one was posted or given by a test. */
  synchronized FakeFrostServer withoutProvisioning() {
    provisioning = false;
    return this;
  }

  /** Stores {@code readings} as Observations, in order, each meter's Datastream made if new. */
  synchronized void offer(List<MeterReading> readings) {
    for (MeterReading reading : readings) {
      long datastream = datastreams.computeIfAbsent(reading.meterId(), this::provision);
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

  /**
   * Gives {@code meterId} a Datastream on a Thing without any Location, as an operator may have
   * made it; returns the Datastream's id.
   */
  synchronized long datastreamOnThingWithoutLocation(String meterId) {
    long thing = nextEntityId++;
    thingLocations.put(thing, new ArrayList<>());
    long datastream = nextEntityId++;
    datastreams.put(meterId, datastream);
    datastreamNames.put(datastream, meterId);
    datastreamThings.put(datastream, thing);
    return datastream;
  }

  /** Removes {@code meterId}'s Datastream, as an operator deleting it would. */
  synchronized void deleteDatastream(String meterId) {
    Long datastream = datastreams.remove(meterId);
    if (datastream != null) {
      datastreamThings.remove(datastream);
    }
  }

  /** Deletes every Sensor, as an operator cleaning up would; Datastreams keep their ids. */
  synchronized void deleteSensors() {
    sensors.clear();
  }

  /** How many ObservedProperties and Sensors exist, by entity set name. */
  synchronized int count(String entitySet) {
    return switch (entitySet) {
      case "ObservedProperties" -> observedProperties.size();
      case "Sensors" -> sensors.size();
      case "Things" -> thingLocations.size();
      case "Datastreams" -> datastreamThings.size();
      default -> throw new IllegalArgumentException("the fake counts no " + entitySet);
    };
  }

  /** The {@code location} of each Location of the Thing of {@code meterId}'s Datastream. */
  synchronized List<JsonNode> locationsOf(String meterId) {
    Long datastream = datastreams.get(meterId);
    List<JsonNode> found = new ArrayList<>();
    if (datastream != null) {
      for (long location : thingLocations.get(datastreamThings.get(datastream))) {
        found.add(locations.get(location).get("location"));
      }
    }
    return found;
  }

  /** Every Observation of the reading {@code id}, as a reading. */
  synchronized List<MeterReading> held(ReadingId id) {
    List<MeterReading> held = new ArrayList<>();
    for (ObjectNode observation : observations.values()) {
      if (id.value().equals(observation.path("parameters").path("readingId").asText(null))) {
        long datastream = observation.get("datastream").asLong();
        held.add(
            new MeterReading(
                id,
                meterOf(datastream),
                Instant.parse(observation.get("phenomenonTime").asText()),
                observation.get("result").decimalValue(),
                units.getOrDefault(datastream, "kWh")));
      }
    }
    return held;
  }

  private String meterOf(long datastream) {
    return datastreams.entrySet().stream()
        .filter(e -> e.getValue() == datastream)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** A Datastream for {@code meterId} on a Thing with a GeoJSON Location, as an operator's. */
  private long provision(String meterId) {
    long location = nextEntityId++;
    ObjectNode place = mapper.createObjectNode().put("encodingType", "application/geo+json");
    place.putObject("location").put("type", "Point").putArray("coordinates").add(8.4).add(49.0);
    locations.put(location, place);
    long thing = nextEntityId++;
    thingLocations.put(thing, new ArrayList<>(List.of(location)));
    long datastream = nextEntityId++;
    datastreamNames.put(datastream, meterId);
    datastreamThings.put(datastream, thing);
    return datastream;
  }

  @Override
  protected boolean isUpload(RecordedRequest request) {
    return request.getMethod().equals("POST")
        && request.getUrl().encodedPath().endsWith("/CreateObservations");
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    if (headerBytes(request) > MAX_HEADER_BYTES) {
      return new MockResponse.Builder()
          .code(400)
          .setHeader("Content-Type", "text/html;charset=utf-8")
          .setHeader("Content-Language", "en")
          .setHeader("Connection", "close")
          .body(TOMCAT_BAD_REQUEST)
          .build();
    }
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
    if (request.getMethod().equals("POST")) {
      return post(request, path.substring(path.lastIndexOf('/') + 1));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/Datastreams")) {
      return FrostJson.json(
          lookup(
              request.getUrl().queryParameter("$filter"),
              request.getUrl().queryParameter("$expand")));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/ObservedProperties")) {
      return FrostJson.json(byName(observedProperties, request));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/Sensors")) {
      return FrostJson.json(byName(sensors, request));
    }
    if (request.getMethod().equals("GET") && path.endsWith("/Observations")) {
      String filter = request.getUrl().queryParameter("$filter");
      boolean check = filter != null && filter.contains("parameters/readingId");
      return FrostJson.json(check ? find(request) : list(request));
    }
    if (request.getMethod().equals("GET")) {
      return FrostJson.json("{\"value\":[]}");
    }
    return notFound();
  }

  /** The request line and headers as sent, in bytes, CRLF-terminated, as Tomcat counts them. */
  private static int headerBytes(RecordedRequest request) {
    int bytes = request.getRequestLine().getBytes(StandardCharsets.UTF_8).length + 2;
    for (int i = 0; i < request.getHeaders().size(); i++) {
      String line = request.getHeaders().name(i) + ": " + request.getHeaders().value(i);
      bytes += line.getBytes(StandardCharsets.UTF_8).length + 2;
    }
    return bytes + 2;
  }

  private String create(RecordedRequest request) {
    ArrayNode entries = mapper.createArrayNode();
    for (JsonNode group : read(body(request))) {
      long datastream = group.get("Datastream").get("@iot.id").asLong();
      List<String> components = new ArrayList<>();
      group.get("components").forEach(c -> components.add(c.asText()));
      boolean withFeature = components.contains("FeatureOfInterest/id");
      for (JsonNode row : group.get("dataArray")) {
        String refusal = refusals.remove(row.get(2).path("readingId").asText());
        if (refusal != null) {
          entries.add("error " + refusal);
          continue;
        }
        String error = unstorable(datastream, withFeature);
        if (error != null) {
          entries.add("error " + error);
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

  /**
   * Why a row for {@code datastream} cannot be stored, or null. Without a FeatureOfInterest in the
   * row FROST makes one from a GeoJSON Location of the Datastream's Thing before it looks at the
   * Datastream itself, so an unknown Datastream gets the same message (fixture 05).
   */
  private String unstorable(long datastream, boolean withFeature) {
    Long thing = datastreamThings.get(datastream);
    if (!withFeature) {
      boolean located =
          thing != null
              && thingLocations.get(thing).stream()
                  .anyMatch(l -> GEOJSON.contains(locations.get(l).get("encodingType").asText()));
      return located ? null : NO_FEATURE_OF_INTEREST;
    }
    return thing == null ? "No such entity 'Datastream' with id [" + datastream + "]" : null;
  }

  private MockResponse patch(long id, JsonNode changes) {
    ObjectNode stored = observations.get(id);
    if (stored == null) {
      return notFound();
    }
    changes.fields().forEachRemaining(field -> stored.set(field.getKey(), field.getValue()));
    return new MockResponse.Builder().code(200).build();
  }

  // ---- entities -------------------------------------------------------------------------------

  /** {@code POST Things}, {@code Sensors} or {@code ObservedProperties}: all or nothing. */
  private MockResponse post(RecordedRequest request, String entitySet) {
    JsonNode entity = read(body(request));
    String missing;
    switch (entitySet) {
      case "Things" -> missing = missingInThing(entity);
      case "Sensors" ->
          missing = missing(entity, "name", "description", "encodingType", "metadata");
      case "ObservedProperties" -> missing = missing(entity, "name", "definition", "description");
      default -> {
        return notFound();
      }
    }
    if (missing != null) {
      return FrostJson.json(
          400, "{\"code\":400,\"type\":\"error\",\"message\":" + quoted(missing) + "}");
    }
    long id =
        switch (entitySet) {
          case "Things" -> insertThing(entity);
          case "Sensors" -> insert(sensors, entity);
          default -> insert(observedProperties, entity);
        };
    return new MockResponse.Builder()
        .code(201)
        .setHeader("Location", request.getUrl().resolve(entitySet + "(" + id + ")").toString())
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .build();
  }

  /** What FROST would refuse in a Thing's deep insert, as its message, or null. */
  private String missingInThing(JsonNode thing) {
    String missing = missing(thing, "name", "description");
    for (JsonNode location : thing.path("Locations")) {
      missing =
          missing != null
              ? missing
              : reference(
                  location,
                  "Location",
                  locations,
                  "name",
                  "description",
                  "encodingType",
                  "location");
    }
    for (JsonNode datastream : thing.path("Datastreams")) {
      missing =
          missing != null
              ? missing
              : missing(
                  datastream,
                  "name",
                  "description",
                  "observationType",
                  "unitOfMeasurement",
                  "Sensor",
                  "ObservedProperty");
      missing =
          missing != null
              ? missing
              : reference(
                  datastream.get("Sensor"),
                  "Sensor",
                  sensors,
                  "name",
                  "description",
                  "encodingType",
                  "metadata");
      missing =
          missing != null
              ? missing
              : reference(
                  datastream.get("ObservedProperty"),
                  "ObservedProperty",
                  observedProperties,
                  "name",
                  "definition",
                  "description");
    }
    return missing;
  }

  /**
   * An entity given inline (complete) or by an existing {@code @iot.id}; the message of an unknown
   * one is FROST's, spaces included (recorded from FROST-Server 2.4.2).
   */
  private static String reference(
      JsonNode entity, String type, Map<Long, ObjectNode> existing, String... required) {
    JsonNode id = entity.get("@iot.id");
    if (id == null) {
      return missing(entity, required);
    }
    return existing.containsKey(id.asLong())
        ? null
        : "No such entity '" + type + "' with id  " + id.asText() + " ";
  }

  private static String missing(JsonNode entity, String... required) {
    for (String property : required) {
      JsonNode value = entity.get(property);
      if (value == null || value.isNull()) {
        return "Missing required property '" + property + "'";
      }
    }
    return null;
  }

  private long insertThing(JsonNode thing) {
    List<Long> placed = new ArrayList<>();
    for (JsonNode location : thing.path("Locations")) {
      placed.add(
          location.has("@iot.id") ? location.get("@iot.id").asLong() : insert(locations, location));
    }
    long id = nextEntityId++;
    thingLocations.put(id, placed);
    for (JsonNode datastream : thing.path("Datastreams")) {
      refer(datastream.get("Sensor"), sensors);
      refer(datastream.get("ObservedProperty"), observedProperties);
      long datastreamId = nextEntityId++;
      String name = datastream.get("name").asText();
      String meterId = datastream.path("properties").path("meterId").asText(name);
      datastreams.put(meterId, datastreamId);
      datastreamNames.put(datastreamId, name);
      datastreamThings.put(datastreamId, id);
      units.put(datastreamId, datastream.get("unitOfMeasurement").path("symbol").asText());
    }
    return id;
  }

  private void refer(JsonNode entity, Map<Long, ObjectNode> existing) {
    if (!entity.has("@iot.id")) {
      insert(existing, entity);
    }
  }

  private long insert(Map<Long, ObjectNode> entities, JsonNode entity) {
    long id = nextEntityId++;
    entities.put(id, ((ObjectNode) entity).deepCopy());
    return id;
  }

  /** {@code $filter=name eq '…'} over Sensors or ObservedProperties, ordered by id. */
  private String byName(Map<Long, ObjectNode> entities, RecordedRequest request) {
    String filter = request.getUrl().queryParameter("$filter");
    Matcher name = NAME.matcher(filter == null ? "" : filter);
    if (!name.matches()) {
      throw new IllegalArgumentException("the fake knows no filter " + filter);
    }
    String wanted = name.group(1).replace("''", "'");
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    entities.forEach(
        (id, entity) -> {
          if (wanted.equals(entity.path("name").asText(null))) {
            value.addObject().put("@iot.id", id).put("name", wanted);
          }
        });
    return page.toString();
  }

  private String lookup(String filter, String expand) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    Matcher meter = METER_ID.matcher(filter);
    Matcher name = NAME.matcher(filter);
    Long id = null;
    String meterId = null;
    if (meter.find()) {
      meterId = meter.group(1).replace("''", "'");
      id =
          provisioning
              ? datastreams.computeIfAbsent(meterId, this::provision)
              : datastreams.get(meterId);
    } else if (name.matches()) {
      String wanted = name.group(1).replace("''", "'");
      id =
          datastreamNames.entrySet().stream()
              .filter(e -> e.getValue().equals(wanted) && datastreamThings.containsKey(e.getKey()))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      meterId = id == null ? null : meterOf(id);
    } else {
      throw new IllegalArgumentException("the fake knows no Datastream filter " + filter);
    }
    if (id != null) {
      ObjectNode datastream = value.addObject();
      datastream.put("@iot.id", id).put("name", datastreamNames.get(id));
      datastream.putObject("properties").put("meterId", meterId);
      datastream
          .putObject("unitOfMeasurement")
          .put("symbol", units.computeIfAbsent(id, d -> "kWh"));
      if (expand != null && expand.startsWith("Thing")) {
        long thing = datastreamThings.get(id);
        ObjectNode expanded = datastream.putObject("Thing").put("@iot.id", thing);
        if (expand.contains("Locations")) {
          ArrayNode places = expanded.putArray("Locations");
          for (long location : thingLocations.get(thing)) {
            places
                .addObject()
                .put("@iot.id", location)
                .put("encodingType", locations.get(location).get("encodingType").asText());
          }
        }
      }
    }
    return page.toString();
  }

  // ---- Observations ---------------------------------------------------------------------------

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
    String meterId = meterOf(datastream);
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

  private static MockResponse notFound() {
    return FrostJson.json(404, "{\"code\":404,\"type\":\"error\",\"message\":\"Not Found\"}");
  }

  private String quoted(String text) {
    return mapper.getNodeFactory().textNode(text).toString();
  }

  private JsonNode read(String body) {
    try {
      return mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
