package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * How a meter id maps to a Datastream: its {@code name} equals the meter id, or one of its {@code
 * properties} does.
 *
 * @param property the property name, or null to match by name
 */
record MeterLookup(String property) {

  private static final Pattern PROPERTY_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  MeterLookup {
    if (property != null && !PROPERTY_NAME.matcher(property).matches()) {
      throw new IllegalArgumentException("not a plain property name: '" + property + "'");
    }
  }

  static MeterLookup byName() {
    return new MeterLookup(null);
  }

  static MeterLookup byProperty(String property) {
    return new MeterLookup(requireNonNull(property, "property"));
  }

  /** The OData {@code $filter} that selects the Datastream of {@code meterId}. */
  String filter(String meterId) {
    String path = property == null ? "name" : "properties/" + property;
    return path + " eq " + SensorThingsUrls.quote(meterId);
  }

  /** The meter id a Datastream stands for, or null if it has none. */
  String meterIdOf(JsonNode datastream) {
    JsonNode value =
        property == null ? datastream.get("name") : datastream.path("properties").get(property);
    if (value == null || !(value.isTextual() || value.isIntegralNumber())) {
      return null;
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  String describe() {
    return property == null ? "Datastream name" : "Datastream property '" + property + "'";
  }
}
