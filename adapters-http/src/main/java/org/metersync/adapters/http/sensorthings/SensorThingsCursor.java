package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;

/**
 * Where a download stands, stored by the caller between cycles and restarts: the server's {@code
 * @iot.nextLink} while a listing is being paged, and always the id of the last Observation taken,
 * so that a later cycle asks only for newer ones.
 *
 * @param nextLink the server's next link, verbatim, or null at the end of the listing
 * @param afterId the {@code @iot.id} of the last Observation taken, or null before the first
 */
record SensorThingsCursor(String nextLink, JsonNode afterId) {

  static final SensorThingsCursor START = new SensorThingsCursor(null, null);
  private static final int VERSION = 1;
  private static final Set<String> FIELDS = Set.of("v", "next", "afterId");

  String encode(ObjectMapper mapper) {
    ObjectNode json = mapper.createObjectNode().put("v", VERSION);
    if (nextLink != null) {
      json.put("next", nextLink);
    }
    if (afterId != null) {
      json.set("afterId", afterId);
    }
    return json.toString();
  }

  /**
   * Reads a cursor made by {@link #encode}; anything else is an {@link IllegalArgumentException}.
   */
  static SensorThingsCursor decode(ObjectMapper mapper, String text) {
    JsonNode json;
    try {
      json = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null
        || !json.isObject()
        || !json.path("v").isInt()
        || json.path("v").asInt() != VERSION) {
      throw new IllegalArgumentException("not a sensorthings download cursor: " + text);
    }
    Iterator<String> fields = json.fieldNames();
    while (fields.hasNext()) {
      if (!FIELDS.contains(fields.next())) {
        throw new IllegalArgumentException("not a sensorthings download cursor: " + text);
      }
    }
    JsonNode next = json.get("next");
    JsonNode afterId = json.get("afterId");
    if ((next != null && !next.isTextual())
        || (afterId != null && !(afterId.isTextual() || afterId.isIntegralNumber()))) {
      throw new IllegalArgumentException("not a sensorthings download cursor: " + text);
    }
    return new SensorThingsCursor(next == null ? null : next.asText(), afterId);
  }
}
