package org.metersync.bootstrap.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A live SensorThings server (FROST-Server 2.4.2) as the checks see it: what it holds, asked
 * through its own API, and Observations sent to it directly, beside meter-sync.
 */
final class LiveFrost {

  static final String URL_PROPERTY = "metersync.test.frostUrl";
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final String root;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final ObjectMapper json = new ObjectMapper();

  private LiveFrost(String root) {
    this.root = root.endsWith("/") ? root : root + "/";
  }

  /** The server named by {@value #URL_PROPERTY}; fails, naming the property, if it is not set. */
  static LiveFrost fromProperty() {
    String url = System.getProperty(URL_PROPERTY, "");
    if (url.isBlank()) {
      throw new IllegalStateException(
          "LiveFrostIT needs -D"
              + URL_PROPERTY
              + "=<service root of a FROST-Server 2.4.2>, e.g."
              + " http://127.0.0.1:8080/FROST-Server/v1.1");
    }
    LiveFrost frost = new LiveFrost(url);
    frost.get(""); // reachable, and answers like a SensorThings service root
    return frost;
  }

  String root() {
    return root;
  }

  /** How many Observations the server holds. */
  long observations() {
    return get("Observations?$count=true&$top=0").path("@iot.count").asLong(-1);
  }

  /** The highest Observation id the server shows, or 0 if it holds none. */
  long highestObservationId() {
    JsonNode value = get("Observations?$select=id&$orderby=id%20desc&$top=1").path("value");
    return value.isEmpty() ? 0 : value.get(0).path("@iot.id").asLong();
  }

  /** How many entities of {@code set} (e.g. {@code ObservedProperties}) have {@code name}. */
  long countNamed(String set, String name) {
    return get(set + "?$count=true&$top=0&$filter=" + encode("name eq " + quote(name)))
        .path("@iot.count")
        .asLong(-1);
  }

  /**
   * Creates a Thing with a Location and one Datastream for each meter, all sharing one Sensor and
   * one ObservedProperty (FROST generates each Observation's FeatureOfInterest from the Location);
   * returns the Datastream ids by meter.
   */
  Map<String, Long> createMeters(List<String> meterIds, String unit) {
    long sensor = createNamed("Sensors", sensor());
    long observedProperty = createNamed("ObservedProperties", observedProperty());
    Map<String, Long> datastreams = new HashMap<>();
    for (String meter : meterIds) {
      post("Things", thing(meter, unit, sensor, observedProperty));
      datastreams.put(meter, datastreamOf(meter));
    }
    return datastreams;
  }

  /** The id of the one Datastream whose {@code properties/meterId} is {@code meter}. */
  long datastreamOf(String meter) {
    List<Long> found = datastreamsOf(meter);
    if (found.size() != 1) {
      throw new AssertionError(found.size() + " Datastreams of meter " + meter + ", expected 1");
    }
    return found.get(0);
  }

  /** The ids of the Datastreams whose {@code properties/meterId} is {@code meter}. */
  List<Long> datastreamsOf(String meter) {
    List<Long> ids = new ArrayList<>();
    String filter = encode("properties/meterId eq " + quote(meter));
    for (JsonNode datastream : get("Datastreams?$select=id&$filter=" + filter).path("value")) {
      ids.add(datastream.path("@iot.id").asLong());
    }
    return ids;
  }

  /**
   * The distinct Sensor and ObservedProperty ids of the meters' Datastreams, as {@code [sensors,
   * observed properties]}.
   */
  java.util.List<java.util.Set<Long>> sensorsAndObservedPropertiesOf(List<String> meterIds) {
    java.util.Set<Long> sensors = new java.util.TreeSet<>();
    java.util.Set<Long> observedProperties = new java.util.TreeSet<>();
    for (String meter : meterIds) {
      String filter = encode("properties/meterId eq " + quote(meter));
      for (JsonNode datastream :
          get("Datastreams?$select=id&$expand=Sensor($select=id),ObservedProperty($select=id)"
                  + "&$filter="
                  + filter)
              .path("value")) {
        sensors.add(datastream.path("Sensor").path("@iot.id").asLong());
        observedProperties.add(datastream.path("ObservedProperty").path("@iot.id").asLong());
      }
    }
    return List.of(sensors, observedProperties);
  }

  /** How often each reading id occurs among the Observations of a Datastream. */
  Map<String, Integer> readingIdsIn(long datastream) {
    Map<String, Integer> counts = new HashMap<>();
    String next =
        root + "Datastreams(" + datastream + ")/Observations?$select=id,parameters&$top=10000";
    while (next != null) {
      JsonNode page = getAbsolute(next);
      for (JsonNode observation : page.path("value")) {
        JsonNode id = observation.path("parameters").path("readingId");
        counts.merge(id.isMissingNode() ? "<none>" : id.asText(), 1, Integer::sum);
      }
      JsonNode link = page.get("@iot.nextLink");
      next = link == null ? null : link.asText();
    }
    return counts;
  }

  /**
   * Sends {@code rows} Observations in {@code CreateObservations} requests of {@code batchSize}
   * rows, one after the other, spread over {@code datastreams} as meter-sync's batches are; reading
   * ids are {@code <prefix><n>}. Returns how many entries came back as errors.
   */
  long sendDirect(List<Long> datastreams, String prefix, int rows, int batchSize) {
    long errors = 0;
    for (int start = 0; start < rows; start += batchSize) {
      Map<Long, ArrayNode> byDatastream = new HashMap<>();
      for (int i = start; i < Math.min(rows, start + batchSize); i++) {
        long datastream = datastreams.get(i % datastreams.size());
        ArrayNode row =
            byDatastream.computeIfAbsent(datastream, d -> json.createArrayNode()).addArray();
        row.add(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(900L * i).toString());
        row.add(new java.math.BigDecimal(i).multiply(new java.math.BigDecimal("0.25")));
        row.addObject().put("readingId", prefix + i);
      }
      ArrayNode body = json.createArrayNode();
      byDatastream.forEach(
          (datastream, rowsOfIt) -> {
            ObjectNode entry = body.addObject();
            entry.putObject("Datastream").put("@iot.id", datastream);
            entry.putArray("components").add("phenomenonTime").add("result").add("parameters");
            entry.put("dataArray@iot.count", rowsOfIt.size());
            entry.set("dataArray", rowsOfIt);
          });
      for (JsonNode answer : post("CreateObservations", body).body()) {
        if (answer.asText().startsWith("error")) {
          errors++;
        }
      }
    }
    return errors;
  }

  private long createNamed(String set, ObjectNode entity) {
    Answer answer = post(set, entity);
    String location = answer.location();
    int open = location.lastIndexOf('(');
    return Long.parseLong(location.substring(open + 1, location.length() - 1));
  }

  private ObjectNode sensor() {
    ObjectNode sensor = json.createObjectNode();
    sensor.put("name", "meter (live check)");
    sensor.put("description", "revenue meter");
    sensor.put("encodingType", "text/plain");
    sensor.put("metadata", "LiveFrostIT");
    return sensor;
  }

  private ObjectNode observedProperty() {
    ObjectNode property = json.createObjectNode();
    property.put("name", "meter reading (live check)");
    property.put("description", "meter reading");
    property.put("definition", "urn:meter-sync:meter-reading");
    return property;
  }

  private ObjectNode thing(String meter, String unit, long sensor, long observedProperty) {
    ObjectNode thing = json.createObjectNode();
    thing.put("name", "Meter " + meter);
    thing.put("description", "meter " + meter + ", made by LiveFrostIT");
    thing.putObject("properties").put("meterId", meter);
    ObjectNode location = thing.putArray("Locations").addObject();
    location.put("name", meter + " site");
    location.put("description", "site of meter " + meter);
    location.put("encodingType", "application/geo+json");
    location.putObject("location").put("type", "Point").putArray("coordinates").add(8.4).add(49.0);
    ObjectNode datastream = thing.putArray("Datastreams").addObject();
    datastream.put("name", meter + " readings");
    datastream.put("description", "readings of meter " + meter);
    datastream.putObject("properties").put("meterId", meter);
    datastream.put(
        "observationType", "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement");
    datastream
        .putObject("unitOfMeasurement")
        .put("name", unit)
        .put("symbol", unit)
        .put("definition", "");
    datastream.putObject("Sensor").put("@iot.id", sensor);
    datastream.putObject("ObservedProperty").put("@iot.id", observedProperty);
    return thing;
  }

  private record Answer(JsonNode body, String location) {}

  private JsonNode get(String path) {
    return getAbsolute(root + path);
  }

  private JsonNode getAbsolute(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    return send(request, 200).body();
  }

  private Answer post(String path, JsonNode body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(root + path))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return send(request, 201);
  }

  private Answer send(HttpRequest request, int expected) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != expected) {
        throw new AssertionError(
            request.method()
                + " "
                + request.uri()
                + " answered "
                + response.statusCode()
                + ": "
                + response.body());
      }
      JsonNode body = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
      return new Answer(body, response.headers().firstValue("Location").orElse(""));
    } catch (IOException e) {
      throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The ids of {@code count} meters unique to one run: {@code <run>-m01}, ... */
  static List<String> meters(String run, int count) {
    List<String> meters = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      meters.add(String.format("%s-m%02d", run, i));
    }
    return meters;
  }
}
