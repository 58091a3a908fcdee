package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/** Turns Observations (with their expanded Datastream) into readings and readings into rows. */
final class ObservationMapper {

  /** Prefix of the reading id of an Observation that carries no {@code parameters.readingId}. */
  static final String FOREIGN_ID_PREFIX = "sensorthings-";

  private final MeterLookup lookup;
  private final String defaultUnit;

  /** {@code defaultUnit} is used where a Datastream has no unit symbol; null for none. */
  ObservationMapper(MeterLookup lookup, String defaultUnit) {
    this.lookup = requireNonNull(lookup, "lookup");
    this.defaultUnit = defaultUnit;
  }

  /**
   * A downloaded Observation as a reading, or an {@link IllegalArgumentException} saying why not.
   */
  MeterReading toReading(JsonNode observation) {
    if (!observation.isObject()) {
      throw new IllegalArgumentException("Observation is not a JSON object");
    }
    JsonNode iotId = observation.get("@iot.id");
    if (iotId == null || !(iotId.isTextual() || iotId.isIntegralNumber())) {
      throw new IllegalArgumentException("Observation has no @iot.id");
    }
    ReadingId id = ReadingId.of(readingIdOf(observation));
    JsonNode datastream = observation.get("Datastream");
    if (datastream == null || !datastream.isObject()) {
      throw new IllegalArgumentException("Observation has no expanded Datastream");
    }
    String meterId = lookup.meterIdOf(datastream);
    if (meterId == null) {
      throw new IllegalArgumentException(
          "its Datastream has no meter id (" + lookup.describe() + ")");
    }
    return new MeterReading(id, meterId, time(observation), result(observation), unit(datastream));
  }

  /** The reading id an Observation stands for: its parameter, else one made from its own id. */
  static String readingIdOf(JsonNode observation) {
    String readingId = readingIdParameter(observation);
    if (readingId != null) {
      return readingId;
    }
    JsonNode iotId = observation.get("@iot.id");
    return iotId == null ? null : FOREIGN_ID_PREFIX + iotId.asText();
  }

  /**
   * {@code parameters.readingId} as text: a string as it is, a whole number (as other systems may
   * write it) in its digits; null if absent or of another kind.
   */
  static String readingIdParameter(JsonNode observation) {
    JsonNode readingId = observation.path("parameters").get("readingId");
    if (readingId != null && (readingId.isTextual() || readingId.isIntegralNumber())) {
      return readingId.asText();
    }
    return null;
  }

  /**
   * Whether {@code observation} holds exactly the data of {@code reading}: the same instant (in
   * whatever form the server writes it) and a numerically equal result ({@code 103} is {@code
   * 103.0}). Anything missing or unreadable is not the same.
   */
  static boolean holds(JsonNode observation, MeterReading reading) {
    JsonNode result = observation.get("result");
    if (result == null
        || !result.isNumber()
        || result.decimalValue().compareTo(reading.value()) != 0) {
      return false;
    }
    try {
      return reading.takenAt().equals(time(observation));
    } catch (IllegalArgumentException unreadable) {
      return false;
    }
  }

  /** The row of a reading: components {@code phenomenonTime, result, parameters}. */
  static List<Object> row(MeterReading reading) {
    List<Object> row = new ArrayList<>(3);
    row.add(reading.takenAt().toString());
    row.add(reading.value());
    row.add(java.util.Map.of("readingId", reading.id().value()));
    return row;
  }

  private static Instant time(JsonNode observation) {
    JsonNode time = observation.get("phenomenonTime");
    if (time == null || !time.isTextual()) {
      throw new IllegalArgumentException("phenomenonTime is missing");
    }
    if (time.asText().contains("/")) {
      throw new IllegalArgumentException(
          "phenomenonTime is an interval, a reading needs an instant: " + time.asText());
    }
    try {
      return Instant.parse(time.asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("phenomenonTime is not an instant: " + time.asText());
    }
  }

  private static BigDecimal result(JsonNode observation) {
    JsonNode result = observation.get("result");
    if (result == null || result.isNull()) {
      throw new IllegalArgumentException("result is missing");
    }
    if (!result.isNumber()) {
      throw new IllegalArgumentException("result is not a number: " + result);
    }
    BigDecimal value = result.decimalValue();
    // 1.03E2 arrives with a negative scale; keep it as the plain 103.
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  private String unit(JsonNode datastream) {
    JsonNode symbol = datastream.path("unitOfMeasurement").get("symbol");
    if (symbol != null && symbol.isTextual() && !symbol.asText().isBlank()) {
      return symbol.asText();
    }
    if (defaultUnit == null) {
      throw new IllegalArgumentException(
          "its Datastream has no unitOfMeasurement.symbol and no default unit is configured");
    }
    return defaultUnit;
  }
}
