package org.metersync.adapters.http.referencerest;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;

/** Turns the contract's JSON into domain values; every problem is an exception with a reason. */
final class ReferenceRestMapper {

  private ReferenceRestMapper() {}

  /** A downloaded reading, or an {@link IllegalArgumentException} saying what is wrong. */
  static MeterReading toReading(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("reading is not a JSON object");
    }
    ReadingId id = ReadingId.of(requiredText(node, "id"));
    String meterId = requiredText(node, "meterId");
    Instant takenAt = instant(requiredText(node, "takenAt"));
    JsonNode value = node.get("value");
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("value is missing");
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException("value is not a JSON number: " + value);
    }
    String unit = requiredText(node, "unit");
    return new MeterReading(id, meterId, takenAt, decimal(value), unit);
  }

  /** The id of a reading as sent, or null if it has no textual id. */
  static String idOf(JsonNode node) {
    JsonNode id = node.get("id");
    return id != null && id.isTextual() ? id.asText() : null;
  }

  /** One verdict of an upload answer, or an {@link IllegalArgumentException}. */
  static UploadVerdict toVerdict(JsonNode result) {
    String status = requiredText(result, "status");
    switch (status) {
      case "accepted":
        return UploadVerdict.ACCEPTED;
      case "already_present":
        return UploadVerdict.ALREADY_PRESENT;
      case "rejected":
        return UploadVerdict.rejected(requiredText(result, "reason"));
      default:
        throw new IllegalArgumentException("unknown status '" + status + "'");
    }
  }

  static String requiredText(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(field + " is missing");
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(field + " is not a non-empty string: " + value);
    }
    return value.asText();
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "takenAt is not an ISO-8601 instant such as 2026-01-01T00:00:00Z: '" + text + "'");
    }
  }

  private static BigDecimal decimal(JsonNode number) {
    BigDecimal value = number.decimalValue();
    // 1.03E2 arrives with a negative scale; store it as the plain 103.
    return value.scale() < 0 ? value.setScale(0) : value;
  }
}
