package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a Thing with one Datastream for a meter that has none. The Thing gets the configured
 * Location (FROST-Server makes each Observation's FeatureOfInterest from it and refuses
 * Observations without one); every created Datastream refers to one shared ObservedProperty and one
 * shared Sensor, found by name or created once, their ids kept for the adapter's life.
 */
final class DatastreamCreator {

  /**
   * What to create.
   *
   * @param thingLocation the GeoJSON geometry of each created Thing's Location
   */
  record Settings(
      String observedPropertyName,
      String observedPropertyDefinition,
      String sensorName,
      JsonNode thingLocation) {
    Settings {
      requireNonNull(observedPropertyName, "observedPropertyName");
      requireNonNull(observedPropertyDefinition, "observedPropertyDefinition");
      requireNonNull(sensorName, "sensorName");
      requireNonNull(thingLocation, "thingLocation");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(DatastreamCreator.class);
  private static final String WHAT = "Datastream creation";
  static final String MEASUREMENT =
      "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement";

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final Settings settings;
  private volatile JsonNode observedPropertyId;
  private volatile JsonNode sensorId;

  DatastreamCreator(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      Settings settings) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.settings = requireNonNull(settings, "settings");
  }

  /** Creates the Thing and Datastream of {@code meterId}, matched later by {@code lookup}. */
  void create(String meterId, String unit, MeterLookup lookup) {
    if (observedPropertyId == null) {
      observedPropertyId =
          shared("ObservedProperties", settings.observedPropertyName(), this::observedProperty);
    }
    if (sensorId == null) {
      sensorId = shared("Sensors", settings.sensorName(), this::sensor);
    }
    log.info("tenant={} creating Thing and Datastream for meter {}", calls.tenantId(), meterId);
    HttpAnswer answer =
        calls.exchange(service.create("Things", thing(meterId, unit, lookup)), WHAT);
    if (!answer.isSuccessful()) {
      // The shared ones may have been deleted meanwhile: look them up again next time.
      observedPropertyId = null;
      sensorId = null;
      throw calls.failure(answer, WHAT + " for meter " + meterId);
    }
  }

  /** The id of the entity named {@code name} in {@code entitySet}, created if there is none. */
  private JsonNode shared(String entitySet, String name, Supplier<ObjectNode> entity) {
    JsonNode id = byName(entitySet, name);
    if (id == null) {
      log.info("tenant={} creating {} '{}'", calls.tenantId(), entitySet, name);
      calls.success(service.create(entitySet, entity.get()), WHAT);
      id = byName(entitySet, name);
      if (id == null) {
        throw calls.malformed(WHAT, "created " + entitySet + " '" + name + "' but cannot find it");
      }
    }
    return id;
  }

  /** The lowest id of an entity named {@code name}, or null if there is none. */
  private JsonNode byName(String entitySet, String name) {
    String url =
        SensorThingsUrls.query(
            base,
            entitySet,
            SensorThingsUrls.params(
                "$filter",
                "name eq " + SensorThingsUrls.quote(name),
                "$select",
                "id",
                "$orderby",
                "id asc",
                "$top",
                "1"));
    JsonNode value =
        SensorThingsJson.listing(mapper, calls, calls.success(service.get(url), WHAT), WHAT)
            .value();
    if (value.isEmpty()) {
      return null;
    }
    JsonNode id = value.get(0).get("@iot.id");
    if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
      throw calls.malformed(WHAT, entitySet + " '" + name + "' without @iot.id");
    }
    return id;
  }

  private ObjectNode observedProperty() {
    ObjectNode observedProperty = mapper.createObjectNode();
    observedProperty.put("name", settings.observedPropertyName());
    observedProperty.put("description", settings.observedPropertyName());
    observedProperty.put("definition", settings.observedPropertyDefinition());
    return observedProperty;
  }

  private ObjectNode sensor() {
    ObjectNode sensor = mapper.createObjectNode();
    sensor.put("name", settings.sensorName());
    sensor.put("description", "the meters whose Datastreams meter-sync created");
    sensor.put("encodingType", "text/plain");
    sensor.put("metadata", "created by meter-sync");
    return sensor;
  }

  /** A Thing with its Location and one Datastream for the meter, shaped like fixture 01. */
  private ObjectNode thing(String meterId, String unit, MeterLookup lookup) {
    String property = lookup.property() == null ? "meterId" : lookup.property();
    ObjectNode thing = mapper.createObjectNode();
    thing.put("name", "Meter " + meterId);
    thing.put("description", "meter " + meterId + ", created by meter-sync");
    thing.putObject("properties").put(property, meterId);
    ObjectNode location = thing.putArray("Locations").addObject();
    location.put("name", "location of meter " + meterId);
    location.put("description", "the thingLocation setting of meter-sync");
    location.put("encodingType", "application/geo+json");
    location.set("location", settings.thingLocation().deepCopy());
    ObjectNode datastream = thing.putArray("Datastreams").addObject();
    datastream.put("name", lookup.property() == null ? meterId : meterId + " readings");
    datastream.put("description", "readings of meter " + meterId);
    datastream.putObject("properties").put(property, meterId);
    datastream.put("observationType", MEASUREMENT);
    datastream
        .putObject("unitOfMeasurement")
        .put("name", unit)
        .put("symbol", unit)
        .put("definition", "");
    datastream.putObject("Sensor").set("@iot.id", sensorId);
    datastream.putObject("ObservedProperty").set("@iot.id", observedPropertyId);
    return thing;
  }
}
