package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds (and, where the tenant allows it, creates) the Datastream of each meter, and remembers what
 * it found for the life of the adapter.
 */
final class DatastreamDirectory {

  /** A meter's Datastream id, or why there is none. */
  sealed interface Resolution {
    /** {@code unit} is the Datastream's unit symbol, or null if it has none. */
    record Found(JsonNode id, String unit) implements Resolution {}

    record Missing(String reason) implements Resolution {}
  }

  /** What to create for a meter that has no Datastream. */
  record Creation(boolean enabled, String observedPropertyName, String observedPropertyDefinition) {
    Creation {
      requireNonNull(observedPropertyName, "observedPropertyName");
      requireNonNull(observedPropertyDefinition, "observedPropertyDefinition");
    }
  }

  private static final Logger log = LoggerFactory.getLogger(DatastreamDirectory.class);
  private static final String LOOKUP = "Datastream lookup";

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final MeterLookup lookup;
  private final Creation creation;
  private final Map<String, Resolution.Found> found = new ConcurrentHashMap<>();

  DatastreamDirectory(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      MeterLookup lookup,
      Creation creation) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.lookup = requireNonNull(lookup, "lookup");
    this.creation = requireNonNull(creation, "creation");
  }

  /** The Datastream of {@code meterId}; {@code unit} is used if one has to be created. */
  Resolution resolve(String meterId, String unit) {
    Resolution.Found cached = found.get(meterId);
    if (cached != null) {
      return cached;
    }
    JsonNode matches = find(meterId);
    if (matches.isEmpty() && creation.enabled()) {
      create(meterId, unit);
      matches = find(meterId);
      if (matches.size() != 1) {
        throw calls.malformed(
            "Datastream creation",
            "created a Datastream for meter "
                + meterId
                + " but the lookup finds "
                + matches.size());
      }
    }
    Resolution resolution = resolution(meterId, matches);
    if (resolution instanceof Resolution.Found hit) {
      found.put(meterId, hit);
    }
    return resolution;
  }

  /** Forgets what was found for {@code meterId}, so that the next upload looks again. */
  void forget(String meterId) {
    found.remove(meterId);
  }

  private JsonNode find(String meterId) {
    String url =
        SensorThingsUrls.query(
            base,
            "Datastreams",
            SensorThingsUrls.params(
                "$filter", lookup.filter(meterId), "$select", "id,name,unitOfMeasurement"));
    return SensorThingsJson.listing(mapper, calls, calls.success(service.get(url), LOOKUP), LOOKUP)
        .value();
  }

  private Resolution resolution(String meterId, JsonNode matches) {
    if (matches.size() == 1) {
      JsonNode id = matches.get(0).get("@iot.id");
      if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
        throw calls.malformed(LOOKUP, "a Datastream without @iot.id");
      }
      JsonNode unit = matches.get(0).path("unitOfMeasurement").get("symbol");
      return new Resolution.Found(id, unit != null && unit.isTextual() ? unit.asText() : null);
    }
    if (matches.isEmpty()) {
      return new Resolution.Missing(
          "no Datastream of meter " + meterId + " (matched by " + lookup.describe() + ")");
    }
    return new Resolution.Missing(
        matches.size()
            + " Datastreams match meter "
            + meterId
            + " (by "
            + lookup.describe()
            + "); it must be exactly one");
  }

  private void create(String meterId, String unit) {
    log.info("tenant={} creating Thing and Datastream for meter {}", calls.tenantId(), meterId);
    calls.success(service.createThing(thing(meterId, unit)), "Datastream creation");
  }

  /** A Thing with one Datastream for the meter, shaped like fixture 01. */
  private JsonNode thing(String meterId, String unit) {
    String property = lookup.property() == null ? "meterId" : lookup.property();
    ObjectNode thing = mapper.createObjectNode();
    thing.put("name", "Meter " + meterId);
    thing.put("description", "meter " + meterId + ", created by meter-sync");
    thing.putObject("properties").put(property, meterId);
    ObjectNode datastream = thing.putArray("Datastreams").addObject();
    datastream.put("name", lookup.property() == null ? meterId : meterId + " readings");
    datastream.put("description", "readings of meter " + meterId);
    datastream.putObject("properties").put(property, meterId);
    datastream.put(
        "observationType", "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement");
    datastream
        .putObject("unitOfMeasurement")
        .put("name", unit)
        .put("symbol", unit)
        .put("definition", "");
    ObjectNode sensor = datastream.putObject("Sensor");
    sensor.put("name", "meter " + meterId);
    sensor.put("description", "meter " + meterId);
    sensor.put("encodingType", "text/plain");
    sensor.put("metadata", "created by meter-sync");
    ObjectNode observedProperty = datastream.putObject("ObservedProperty");
    observedProperty.put("name", creation.observedPropertyName());
    observedProperty.put("description", creation.observedPropertyName());
    observedProperty.put("definition", creation.observedPropertyDefinition());
    return thing;
  }
}
