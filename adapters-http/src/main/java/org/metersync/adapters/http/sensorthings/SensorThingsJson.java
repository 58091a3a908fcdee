package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;

/** Reads SensorThings answers; anything unexpected is a malformed answer. */
final class SensorThingsJson {

  /**
   * One page of a collection.
   *
   * @param value the entities, a JSON array
   * @param nextLink the server's {@code @iot.nextLink}, or null on the last page
   */
  record Listing(JsonNode value, String nextLink) {}

  private SensorThingsJson() {}

  static JsonNode parse(
      ObjectMapper mapper, ClientSystemCalls calls, HttpAnswer answer, String what) {
    try {
      JsonNode root = mapper.readTree(answer.body());
      if (root == null || root.isMissingNode()) {
        throw calls.malformed(what, "the answer is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw calls.notJson(what, e);
    }
  }

  static Listing listing(
      ObjectMapper mapper, ClientSystemCalls calls, HttpAnswer answer, String what) {
    JsonNode root = parse(mapper, calls, answer, what);
    JsonNode value = root.get("value");
    if (!root.isObject() || value == null || !value.isArray()) {
      throw calls.malformed(what, "the answer has no 'value' array");
    }
    JsonNode next = root.get("@iot.nextLink");
    if (next != null && !next.isNull() && !next.isTextual()) {
      throw calls.malformed(what, "'@iot.nextLink' is not a string");
    }
    return new Listing(value, next == null || next.isNull() ? null : next.asText());
  }
}
