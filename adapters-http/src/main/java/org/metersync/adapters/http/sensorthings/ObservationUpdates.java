package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.UploadVerdict;

/**
 * Brings an Observation the server holds for a reading up to the reading's data, with {@code PATCH
 * Observations(id)}: how a reading edited locally after it was uploaded reaches the server.
 */
final class ObservationUpdates {

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;

  ObservationUpdates(
      SensorThingsService service, HttpUrl base, ObjectMapper mapper, ClientSystemCalls calls) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
  }

  /**
   * Updates Observation {@code iotId} to {@code reading}. {@code 200}/{@code 204}: accepted. A
   * {@code 4xx} about this one Observation (such as {@code 400}, or {@code 404} because it was
   * deleted meanwhile): rejected with the answer as reason, so the reading is retried and created
   * anew once it is gone. Anything else fails the upload as every other request would.
   */
  UploadVerdict update(JsonNode iotId, MeterReading reading) {
    String what = "update of Observation " + iotId + " (reading " + reading.id() + ")";
    HttpAnswer answer =
        calls.exchange(service.patch(url(iotId), RequestBody.create(body(reading), JSON)), what);
    int status = answer.status();
    if (status == 200 || status == 204) {
      return UploadVerdict.ACCEPTED;
    }
    if (answer.isSuccessful()) {
      throw calls.malformed(what, "HTTP " + status + ", expected 200 or 204");
    }
    if (status >= 400
        && status < 500
        && status != 401
        && status != 403
        && status != 408
        && status != 429) {
      return UploadVerdict.rejected(calls.failure(answer, what).getMessage());
    }
    throw calls.failure(answer, what);
  }

  /** {@code base/Observations(<id literal>)}, the literal encoded as one path segment. */
  String url(JsonNode iotId) {
    return base.newBuilder()
        .addPathSegment("Observations(" + SensorThingsUrls.idLiteral(iotId) + ")")
        .build()
        .toString();
  }

  private byte[] body(MeterReading reading) {
    ObjectNode body = mapper.createObjectNode();
    body.put("phenomenonTime", reading.takenAt().toString());
    body.put("result", reading.value());
    body.putObject("parameters").put("readingId", reading.id().value());
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an Observation as JSON", e);
    }
  }
}
