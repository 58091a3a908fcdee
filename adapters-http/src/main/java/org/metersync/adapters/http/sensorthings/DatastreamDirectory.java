package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;

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

  private static final String LOOKUP = "Datastream lookup";

  /** The Thing's Locations, to tell whether FROST can make FeaturesOfInterest for it. */
  static final String EXPAND_THING = "Thing($select=id;$expand=Locations($select=id,encodingType))";

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final MeterLookup lookup;
  private final Optional<DatastreamCreator> creator;
  private final Map<String, Resolution.Found> found = new ConcurrentHashMap<>();

  DatastreamDirectory(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      MeterLookup lookup,
      Optional<DatastreamCreator> creator) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.lookup = requireNonNull(lookup, "lookup");
    this.creator = requireNonNull(creator, "creator");
  }

  /** The Datastream of {@code meterId}; {@code unit} is used if one has to be created. */
  Resolution resolve(String meterId, String unit) {
    Resolution.Found cached = found.get(meterId);
    if (cached != null) {
      return cached;
    }
    JsonNode matches = find(meterId);
    if (matches.isEmpty() && creator.isPresent()) {
      creator.get().create(meterId, unit, lookup);
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
                "$filter",
                lookup.filter(meterId),
                "$select",
                "id,name,unitOfMeasurement",
                "$expand",
                EXPAND_THING));
    return SensorThingsJson.listing(mapper, calls, calls.success(service.get(url), LOOKUP), LOOKUP)
        .value();
  }

  private Resolution resolution(String meterId, JsonNode matches) {
    if (matches.size() == 1) {
      JsonNode id = matches.get(0).get("@iot.id");
      if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
        throw calls.malformed(LOOKUP, "a Datastream without @iot.id");
      }
      String unlocated = unlocated(meterId, matches.get(0));
      if (unlocated != null) {
        return new Resolution.Missing(unlocated);
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

  /**
   * Why FROST-Server cannot store Observations in {@code datastream}: its Thing has no GeoJSON
   * Location to make their FeatureOfInterest from. Null if it has one, or if the server did not
   * expand the Thing's Locations (it cannot be told, so the Datastream is used as before).
   */
  private static String unlocated(String meterId, JsonNode datastream) {
    JsonNode thing = datastream.get("Thing");
    JsonNode locations = thing == null ? null : thing.get("Locations");
    if (locations == null || !locations.isArray()) {
      return null;
    }
    for (JsonNode location : locations) {
      JsonNode encoding = location.get("encodingType");
      if (encoding == null
          || ThingLocation.GEOJSON.contains(encoding.asText().toLowerCase(Locale.ROOT))) {
        return null;
      }
    }
    String thingId = thing.path("@iot.id").asText("?");
    return "Datastream "
        + datastream.get("@iot.id").asText()
        + " of meter "
        + meterId
        + " is on Thing "
        + thingId
        + ", which has no "
        + (locations.isEmpty() ? "Location" : "Location in GeoJSON")
        + ": FROST-Server makes each Observation's FeatureOfInterest from its Thing's Location and"
        + " refuses Observations without one; add a Location (encodingType application/geo+json)"
        + " to Thing "
        + thingId;
  }
}
