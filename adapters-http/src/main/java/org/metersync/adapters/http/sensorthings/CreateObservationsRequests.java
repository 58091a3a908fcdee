package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;
import org.metersync.adapters.http.SplittingUpload;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;

/**
 * {@code POST CreateObservations} for a part of a batch: one entry per Datastream, one {@code
 * dataArray} row per reading, one answer entry per row (a self link or an {@code error} text).
 */
final class CreateObservationsRequests
    implements SplittingUpload.Requests<CreateObservationsRequests.Row> {

  static final String WHAT = "CreateObservations";
  static final String NO_FEATURE_OF_INTEREST = "No FeatureOfInterest provided";
  static final String NO_SUCH_DATASTREAM = "No such entity 'Datastream'";
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** A reading to create in the Datastream of its meter. */
  record Row(MeterReading reading, String meterId, JsonNode datastreamId) {
    Row {
      requireNonNull(reading, "reading");
      requireNonNull(meterId, "meterId");
      requireNonNull(datastreamId, "datastreamId");
    }
  }

  private final SensorThingsService service;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final DatastreamDirectory datastreams;
  private final Map<ReadingId, UploadVerdict> verdicts;

  CreateObservationsRequests(
      SensorThingsService service,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      DatastreamDirectory datastreams,
      Map<ReadingId, UploadVerdict> verdicts) {
    this.service = requireNonNull(service, "service");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.datastreams = requireNonNull(datastreams, "datastreams");
    this.verdicts = requireNonNull(verdicts, "verdicts");
  }

  @Override
  public byte[] body(List<Row> part) {
    List<CreateObservationsJson> groups = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= part.size(); i++) {
      if (i == part.size() || !part.get(i).meterId().equals(part.get(start).meterId())) {
        List<List<Object>> dataArray =
            part.subList(start, i).stream().map(r -> ObservationMapper.row(r.reading())).toList();
        groups.add(
            new CreateObservationsJson(
                new CreateObservationsJson.DatastreamRefJson(part.get(start).datastreamId()),
                CreateObservationsJson.COMPONENTS,
                dataArray.size(),
                dataArray));
        start = i;
      }
    }
    try {
      return mapper.writeValueAsBytes(groups);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write Observations as JSON", e);
    }
  }

  @Override
  public HttpAnswer send(List<Row> part, byte[] body) {
    return calls.exchange(service.createObservations(RequestBody.create(body, JSON)), WHAT);
  }

  @Override
  public void answered(List<Row> part, HttpAnswer answer) {
    if (!answer.isSuccessful()) {
      throw calls.failure(answer, WHAT);
    }
    JsonNode entries = SensorThingsJson.parse(mapper, calls, answer, WHAT);
    if (!entries.isArray() || entries.size() != part.size()) {
      throw calls.malformed(
          WHAT,
          "sent "
              + part.size()
              + " Observations, got "
              + (entries.isArray() ? entries.size() + " entries" : "no array"));
    }
    for (int i = 0; i < part.size(); i++) {
      UploadVerdict verdict = verdict(entries.get(i));
      if (verdict instanceof UploadVerdict.Rejected rejected && datastreamGone(rejected.reason())) {
        datastreams.forget(part.get(i).meterId());
      }
      verdicts.put(part.get(i).reading().id(), verdict);
    }
  }

  @Override
  public void refused(Row row, String reason) {
    verdicts.put(row.reading().id(), UploadVerdict.rejected(reason));
  }

  /**
   * Whether an entry's error may mean that the Datastream is gone, so that it is looked up afresh
   * next time; any other refusal is about the row and keeps the cached lookup. FROST-Server answers
   * an unknown Datastream with the FeatureOfInterest error (it tries to make one from the
   * Datastream's Thing first, fixture 05), and with {@code No such entity 'Datastream'} when the
   * row carries its own FeatureOfInterest.
   */
  static boolean datastreamGone(String error) {
    return error.contains(NO_FEATURE_OF_INTEREST) || error.contains(NO_SUCH_DATASTREAM);
  }

  private UploadVerdict verdict(JsonNode entry) {
    if (entry == null || !entry.isTextual()) {
      throw calls.malformed(WHAT, "an entry is not a string: " + entry);
    }
    String text = entry.asText();
    if (text.startsWith("error")) {
      return UploadVerdict.rejected(text);
    }
    if (text.startsWith("http://") || text.startsWith("https://")) {
      return UploadVerdict.ACCEPTED;
    }
    throw calls.malformed(WHAT, "an entry is neither a link nor an error: " + text);
  }
}
