package org.metersync.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * The reference-rest JSON shapes, read and written with exact decimals: floats are read as {@code
 * BigDecimal} with their trailing zeros, and written plain ({@code 0.000001}, never {@code 1E-6}).
 */
final class SandboxJson {

  /** A body that is not JSON: the object is never closed. */
  static final byte[] MALFORMED = "{\"results\": [{\"id\": ".getBytes(StandardCharsets.UTF_8);

  private static final String CURSOR_PREFIX = "feed:";

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** A reading as it appears in a download page. */
  ObjectNode node(SandboxReading reading) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", reading.id());
    node.put("meterId", reading.meterId());
    node.put("takenAt", reading.takenAt().toString());
    node.put("value", reading.value());
    node.put("unit", reading.unit());
    return node;
  }

  /** Any JSON text, kept as given for a feed: may be a deliberately malformed reading. */
  JsonNode raw(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  byte[] page(List<JsonNode> readings, String nextCursor, boolean hasMore) {
    ObjectNode root = mapper.createObjectNode();
    root.putArray("readings").addAll(readings);
    root.put("nextCursor", nextCursor);
    root.put("hasMore", hasMore);
    return write(root);
  }

  byte[] results(List<UploadResult> results) {
    ObjectNode root = mapper.createObjectNode();
    ArrayNode array = root.putArray("results");
    for (UploadResult result : results) {
      ObjectNode node = array.addObject().put("id", result.id()).put("status", result.status());
      if (result.reason() != null) {
        node.put("reason", result.reason());
      }
    }
    return write(root);
  }

  byte[] object(Map<String, String> fields) {
    ObjectNode root = mapper.createObjectNode();
    fields.forEach(root::put);
    return write(root);
  }

  /** The readings of an upload body; a body without a usable id per reading is a bad request. */
  List<UploadItem> uploadItems(byte[] body) {
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (IOException e) {
      throw new BadRequestException("the body is not JSON");
    }
    JsonNode readings = root == null ? null : root.get("readings");
    if (readings == null || !readings.isArray()) {
      throw new BadRequestException("the body has no 'readings' array");
    }
    List<UploadItem> items = new ArrayList<>(readings.size());
    for (int i = 0; i < readings.size(); i++) {
      items.add(item(readings.get(i), i));
    }
    return items;
  }

  private static UploadItem item(JsonNode node, int index) {
    JsonNode id = node.get("id");
    if (!node.isObject() || id == null || !id.isTextual() || id.asText().isBlank()) {
      throw new BadRequestException("reading " + index + " has no id");
    }
    try {
      return UploadItem.valid(reading(node, id.asText()));
    } catch (IllegalArgumentException e) {
      return UploadItem.invalid(id.asText(), e.getMessage());
    }
  }

  private static SandboxReading reading(JsonNode node, String id) {
    if (id.length() > ReadingId.MAX_LENGTH) {
      throw new IllegalArgumentException("id is longer than " + ReadingId.MAX_LENGTH);
    }
    String meterId = text(node, "meterId", MeterReading.MAX_METER_ID_LENGTH, false);
    String takenAt = text(node, "takenAt", Integer.MAX_VALUE, false);
    JsonNode value = node.get("value");
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("value is not a JSON number");
    }
    String unit = text(node, "unit", MeterReading.MAX_UNIT_LENGTH, true);
    return new SandboxReading(id, meterId, instant(takenAt), decimal(value), unit);
  }

  private static String text(JsonNode node, String field, int maxLength, boolean mayBeEmpty) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException(field + " is not a string");
    }
    String text = value.asText();
    if ((!mayBeEmpty && text.isBlank()) || text.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be " + (mayBeEmpty ? 0 : 1) + "-" + maxLength + " characters");
    }
    return text;
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("takenAt is not an ISO-8601 instant: '" + text + "'");
    }
  }

  private static BigDecimal decimal(JsonNode number) {
    BigDecimal value = number.decimalValue();
    // 1.03E2 arrives with a negative scale; keep it as the plain 103.
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  static String cursor(int offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
  }

  /** The feed offset a cursor stands for; 0 for none. */
  static int offset(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (text.startsWith(CURSOR_PREFIX)) {
        int offset = Integer.parseInt(text.substring(CURSOR_PREFIX.length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through: NumberFormatException and bad Base64 alike
    }
    throw new BadRequestException("unknown cursor");
  }

  private byte[] write(JsonNode root) {
    try {
      return mapper.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
