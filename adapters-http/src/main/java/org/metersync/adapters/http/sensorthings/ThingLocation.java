package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Set;

/**
 * Reads the {@code thingLocation} setting: {@code "lon,lat"} (longitude first, as in GeoJSON) or a
 * GeoJSON geometry. FROST-Server makes each Observation's FeatureOfInterest from a GeoJSON Location
 * of the Datastream's Thing, so the Things meter-sync creates carry this one.
 */
final class ThingLocation {

  /** What the setting accepts, for error messages. */
  static final String EXPECTED =
      "\"longitude,latitude\" in degrees (such as \"8.4,49.0\") or a GeoJSON geometry object";

  /** The encodings FROST-Server can make a FeatureOfInterest from. */
  static final Set<String> GEOJSON = Set.of("application/geo+json", "application/vnd.geo+json");

  private static final Set<String> GEOMETRIES =
      Set.of(
          "Point",
          "MultiPoint",
          "LineString",
          "MultiLineString",
          "Polygon",
          "MultiPolygon",
          "GeometryCollection");
  private static final BigDecimal MAX_LONGITUDE = BigDecimal.valueOf(180);
  private static final BigDecimal MAX_LATITUDE = BigDecimal.valueOf(90);

  private ThingLocation() {}

  /**
   * The GeoJSON geometry of {@code text}, or an {@link IllegalArgumentException} saying why not.
   */
  static JsonNode parse(ObjectMapper mapper, String text) {
    String trimmed = text.strip();
    return trimmed.startsWith("{") ? geometry(mapper, trimmed) : point(mapper, trimmed);
  }

  private static JsonNode point(ObjectMapper mapper, String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("not two numbers separated by a comma");
    }
    BigDecimal longitude = degrees(parts[0], MAX_LONGITUDE, "longitude");
    BigDecimal latitude = degrees(parts[1], MAX_LATITUDE, "latitude");
    ObjectNode point = mapper.createObjectNode().put("type", "Point");
    point.putArray("coordinates").add(longitude).add(latitude);
    return point;
  }

  private static BigDecimal degrees(String text, BigDecimal max, String what) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " '" + text.strip() + "' is not a number");
    }
    if (value.abs().compareTo(max) > 0) {
      throw new IllegalArgumentException(what + " " + value + " is outside ±" + max);
    }
    return value;
  }

  private static JsonNode geometry(ObjectMapper mapper, String text) {
    JsonNode json;
    try {
      json = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
    }
    JsonNode type = json.get("type");
    if (type == null || !GEOMETRIES.contains(type.asText())) {
      throw new IllegalArgumentException("\"type\" is not a GeoJSON geometry type");
    }
    String parts = type.asText().equals("GeometryCollection") ? "geometries" : "coordinates";
    if (!json.path(parts).isArray() || json.path(parts).isEmpty()) {
      throw new IllegalArgumentException("a " + type.asText() + " needs \"" + parts + "\"");
    }
    return json;
  }
}
