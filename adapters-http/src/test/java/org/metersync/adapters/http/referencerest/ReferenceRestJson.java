package org.metersync.adapters.http.referencerest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import mockwebserver3.MockResponse;
import org.metersync.domain.MeterReading;
import org.metersync.domain.UploadVerdict;

/** Builds answers of a reference REST server, for tests. */
final class ReferenceRestJson {

  private ReferenceRestJson() {}

  /** A {@code 200} answer with this JSON body. */
  static MockResponse response(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse response(ObjectNode body) {
    return response(body.toString());
  }

  static ObjectNode page(
      ObjectMapper mapper, List<MeterReading> readings, String next, boolean more) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode array = page.putArray("readings");
    readings.forEach(r -> array.add(mapper.valueToTree(ReadingJson.of(r))));
    page.put("nextCursor", next);
    page.put("hasMore", more);
    return page;
  }

  static ObjectNode results(
      ObjectMapper mapper, List<MeterReading> batch, List<UploadVerdict> verdicts) {
    ObjectNode answer = mapper.createObjectNode();
    ArrayNode results = answer.putArray("results");
    for (int i = 0; i < batch.size(); i++) {
      ObjectNode result = results.addObject().put("id", batch.get(i).id().value());
      UploadVerdict verdict = verdicts.get(i);
      if (verdict instanceof UploadVerdict.Rejected rejected) {
        result.put("status", "rejected").put("reason", rejected.reason());
      } else if (verdict instanceof UploadVerdict.AlreadyPresent) {
        result.put("status", "already_present");
      } else {
        result.put("status", "accepted");
      }
    }
    return answer;
  }
}
