package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Where a download stands, stored by the caller between cycles and restarts: the server's {@code
 * @iot.nextLink} while a listing is being paged, always the id of the last Observation taken, so
 * that a later cycle asks only for newer ones, and the ids missed below it, asked for again.
 *
 * <p>Version 2 writes {@code {"v":2,"next":…,"afterId":5,"gaps":[[4,4,1767225600]]}}, a gap being
 * {@code [first id, last id, epoch second first missed]}; version 1 (no gaps) is still read.
 *
 * @param nextLink the server's next link, verbatim, or null at the end of the listing
 * @param afterId the {@code @iot.id} of the last Observation taken, or null before the first
 * @param gaps the ids not seen below {@code afterId}
 */
record SensorThingsCursor(String nextLink, JsonNode afterId, IdGaps gaps) {

  static final SensorThingsCursor START = new SensorThingsCursor(null, null, IdGaps.NONE);
  private static final int VERSION = 2;
  private static final Set<String> FIELDS_V1 = Set.of("v", "next", "afterId");
  private static final Set<String> FIELDS = Set.of("v", "next", "afterId", "gaps");

  SensorThingsCursor {
    requireNonNull(gaps, "gaps");
  }

  String encode(ObjectMapper mapper) {
    ObjectNode json = mapper.createObjectNode().put("v", VERSION);
    if (nextLink != null) {
      json.put("next", nextLink);
    }
    if (afterId != null) {
      json.set("afterId", afterId);
    }
    if (!gaps.isEmpty()) {
      ArrayNode ranges = json.putArray("gaps");
      for (IdGaps.Range range : gaps.ranges()) {
        ranges.addArray().add(range.first()).add(range.last()).add(range.since().getEpochSecond());
      }
    }
    return json.toString();
  }

  /**
   * Reads a cursor made by {@link #encode}, or by version 1; anything else is an {@link
   * IllegalArgumentException}.
   */
  static SensorThingsCursor decode(ObjectMapper mapper, String text) {
    JsonNode json;
    try {
      json = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject() || !json.path("v").isInt()) {
      throw notACursor(text);
    }
    int version = json.path("v").asInt();
    if (version != 1 && version != VERSION) {
      throw notACursor(text);
    }
    Set<String> fields = version == 1 ? FIELDS_V1 : FIELDS;
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      if (!fields.contains(names.next())) {
        throw notACursor(text);
      }
    }
    JsonNode next = json.get("next");
    JsonNode afterId = json.get("afterId");
    if ((next != null && !next.isTextual())
        || (afterId != null && !(afterId.isTextual() || afterId.isIntegralNumber()))) {
      throw notACursor(text);
    }
    return new SensorThingsCursor(
        next == null ? null : next.asText(), afterId, gaps(json.get("gaps"), text));
  }

  private static IdGaps gaps(JsonNode json, String text) {
    if (json == null) {
      return IdGaps.NONE;
    }
    if (!json.isArray()) {
      throw notACursor(text);
    }
    List<IdGaps.Range> ranges = new ArrayList<>(json.size());
    for (JsonNode range : json) {
      if (!range.isArray()
          || range.size() != 3
          || !isLong(range.get(0))
          || !isLong(range.get(1))
          || !isLong(range.get(2))) {
        throw notACursor(text);
      }
      try {
        ranges.add(
            new IdGaps.Range(
                range.get(0).asLong(),
                range.get(1).asLong(),
                Instant.ofEpochSecond(range.get(2).asLong())));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "not a sensorthings download cursor (" + e.getMessage() + "): " + text, e);
      }
    }
    try {
      return new IdGaps(ranges);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "not a sensorthings download cursor (" + e.getMessage() + "): " + text, e);
    }
  }

  private static boolean isLong(JsonNode node) {
    return node.isIntegralNumber() && node.canConvertToLong();
  }

  private static IllegalArgumentException notACursor(String text) {
    return new IllegalArgumentException("not a sensorthings download cursor: " + text);
  }
}
