package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;
import org.metersync.application.port.ClientSystemApi;
import org.metersync.application.port.MalformedReading;
import org.metersync.application.port.ReadingsPage;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's client system that is an OGC SensorThings API v1.1 server (such as FROST-Server): a
 * meter is a Datastream, a reading an Observation carrying its id in {@code parameters.readingId}.
 */
public final class SensorThingsClientSystemApi implements ClientSystemApi {

  /** The kind name in a tenant's configuration. */
  public static final String KIND = "sensorthings";

  static final String EXPAND_DATASTREAM =
      "Datastream($select=id,name,properties,unitOfMeasurement)";
  private static final Logger log = LoggerFactory.getLogger(SensorThingsClientSystemApi.class);

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final DatastreamDirectory datastreams;
  private final ObservationMapper observations;
  private final int maxFilterLength;

  SensorThingsClientSystemApi(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      DatastreamDirectory datastreams,
      ObservationMapper observations,
      int maxFilterLength) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.datastreams = requireNonNull(datastreams, "datastreams");
    this.observations = requireNonNull(observations, "observations");
    this.maxFilterLength = maxFilterLength;
  }

  @Override
  public String kind() {
    return KIND;
  }

  // ---- download -------------------------------------------------------------------------------

  @Override
  public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    SensorThingsCursor from =
        cursor.filter(c -> !c.isBlank()).map(this::decode).orElse(SensorThingsCursor.START);
    String url =
        from.nextLink() != null ? sameOrigin(from.nextLink()) : firstPage(from.afterId(), limit);
    SensorThingsJson.Listing listing =
        SensorThingsJson.listing(
            mapper, calls, calls.success(service.get(url), "download"), "download");
    if (listing.nextLink() != null) {
      sameOrigin(listing.nextLink());
    }
    JsonNode value = listing.value();
    boolean oversized = value.size() > limit;
    List<MeterReading> readings = new ArrayList<>();
    List<MalformedReading> malformed = new ArrayList<>();
    Set<ReadingId> seen = new HashSet<>();
    JsonNode lastId = from.afterId();
    for (int i = 0; i < Math.min(limit, value.size()); i++) {
      JsonNode observation = value.get(i);
      JsonNode iotId = observation.get("@iot.id");
      if (iotId != null && (iotId.isIntegralNumber() || iotId.isTextual())) {
        lastId = iotId;
      }
      take(observation, seen, readings, malformed);
    }
    if (!malformed.isEmpty()) {
      log.warn(
          "tenant={} download: {} of {} Observations malformed, first: {}",
          calls.tenantId(),
          malformed.size(),
          value.size(),
          malformed.get(0).reason());
    }
    if (oversized) {
      return truncated(from, lastId, value.size(), limit, readings, malformed);
    }
    String next = new SensorThingsCursor(listing.nextLink(), lastId).encode(mapper);
    return new ReadingsPage(readings, malformed, next, listing.nextLink() != null);
  }

  /**
   * A page of the first {@code limit} of more Observations than asked for (a stored next link made
   * for a larger batch size, or a server ignoring {@code $top}): the rest is asked for next, by id
   * after the last one taken, as the listing is ordered by id.
   */
  private ReadingsPage truncated(
      SensorThingsCursor from,
      JsonNode lastId,
      int received,
      int limit,
      List<MeterReading> readings,
      List<MalformedReading> malformed) {
    if (lastId == null || lastId.equals(from.afterId())) {
      throw calls.malformed(
          "download",
          "asked for at most "
              + limit
              + " Observations, got "
              + received
              + ", and the first "
              + limit
              + " carry no @iot.id to continue after");
    }
    log.info(
        "tenant={} download: asked for {} Observations, got {}; the rest follows after id {}",
        calls.tenantId(),
        limit,
        received,
        lastId);
    String next = new SensorThingsCursor(null, lastId).encode(mapper);
    return new ReadingsPage(readings, malformed, next, true);
  }

  private void take(
      JsonNode observation,
      Set<ReadingId> seen,
      List<MeterReading> readings,
      List<MalformedReading> malformed) {
    try {
      MeterReading reading = observations.toReading(observation);
      if (!seen.add(reading.id())) {
        throw new IllegalArgumentException("reading id " + reading.id() + " twice in one page");
      }
      readings.add(reading);
    } catch (RuntimeException e) {
      malformed.add(
          new MalformedReading(
              ObservationMapper.readingIdOf(observation), observation.toString(), e.getMessage()));
    }
  }

  /**
   * The first page of Observations after {@code afterId} (all of them if null), oldest id first.
   */
  private String firstPage(JsonNode afterId, int limit) {
    Map<String, String> params =
        SensorThingsUrls.params(
            "$top", Integer.toString(limit), "$orderby", "id asc", "$expand", EXPAND_DATASTREAM);
    if (afterId != null) {
      params.put("$filter", "id gt " + SensorThingsUrls.idLiteral(afterId));
    }
    return SensorThingsUrls.query(base, "Observations", params);
  }

  /** {@code link} if it points to the tenant's own server: the credential goes nowhere else. */
  private String sameOrigin(String link) {
    if (!SensorThingsUrls.sameOrigin(base, link)) {
      throw calls.malformed(
          "download", "@iot.nextLink points away from the configured server: " + link);
    }
    return link;
  }

  private SensorThingsCursor decode(String cursor) {
    try {
      return SensorThingsCursor.decode(mapper, cursor);
    } catch (IllegalArgumentException e) {
      throw calls.malformed(
          "download", "the stored download cursor could not be read: " + e.getMessage(), e);
    }
  }

  // ---- upload ---------------------------------------------------------------------------------

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    requireNonNull(batch, "batch");
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    Set<ReadingId> ids = new HashSet<>();
    for (MeterReading reading : batch) {
      if (!ids.add(reading.id())) {
        throw new IllegalArgumentException("batch holds reading " + reading.id() + " twice");
      }
    }
    if (batch.isEmpty()) {
      return Map.of();
    }
    // FROST stores a re-sent Observation twice, so ask first and send only what is missing.
    Set<ReadingId> present =
        new ExistingReadings(service, base, mapper, calls, maxFilterLength).of(batch);
    present.forEach(id -> verdicts.put(id, UploadVerdict.ALREADY_PRESENT));
    List<Group> groups = groups(batch, present, verdicts);
    if (!groups.isEmpty()) {
      create(groups, verdicts);
    }
    Map<ReadingId, UploadVerdict> ordered = new LinkedHashMap<>();
    batch.forEach(reading -> ordered.put(reading.id(), verdicts.get(reading.id())));
    return ordered;
  }

  /** One Datastream's readings of a batch. */
  private record Group(String meterId, JsonNode datastreamId, List<MeterReading> readings) {}

  private List<Group> groups(
      List<MeterReading> batch, Set<ReadingId> present, Map<ReadingId, UploadVerdict> verdicts) {
    Map<String, List<MeterReading>> byMeter = new LinkedHashMap<>();
    for (MeterReading reading : batch) {
      if (!present.contains(reading.id())) {
        byMeter.computeIfAbsent(reading.meterId(), m -> new ArrayList<>()).add(reading);
      }
    }
    List<Group> groups = new ArrayList<>();
    for (Map.Entry<String, List<MeterReading>> meter : byMeter.entrySet()) {
      List<MeterReading> readings = meter.getValue();
      DatastreamDirectory.Resolution resolution =
          datastreams.resolve(meter.getKey(), readings.get(0).unit());
      if (resolution instanceof DatastreamDirectory.Resolution.Missing missing) {
        readings.forEach(r -> verdicts.put(r.id(), UploadVerdict.rejected(missing.reason())));
        continue;
      }
      DatastreamDirectory.Resolution.Found found =
          (DatastreamDirectory.Resolution.Found) resolution;
      List<MeterReading> sendable = new ArrayList<>();
      for (MeterReading reading : readings) {
        if (found.unit() != null && !found.unit().equals(reading.unit())) {
          verdicts.put(
              reading.id(),
              UploadVerdict.rejected(
                  "unit '"
                      + reading.unit()
                      + "' differs from the Datastream's unit '"
                      + found.unit()
                      + "'"));
        } else {
          sendable.add(reading);
        }
      }
      if (!sendable.isEmpty()) {
        groups.add(new Group(meter.getKey(), found.id(), sendable));
      }
    }
    return groups;
  }

  private void create(List<Group> groups, Map<ReadingId, UploadVerdict> verdicts) {
    List<CreateObservationsJson> body = new ArrayList<>(groups.size());
    int rows = 0;
    for (Group group : groups) {
      List<List<Object>> dataArray = group.readings().stream().map(ObservationMapper::row).toList();
      body.add(
          new CreateObservationsJson(
              new CreateObservationsJson.DatastreamRefJson(group.datastreamId()),
              CreateObservationsJson.COMPONENTS,
              dataArray.size(),
              dataArray));
      rows += dataArray.size();
    }
    HttpAnswer answer = calls.success(service.createObservations(body), "CreateObservations");
    JsonNode entries = SensorThingsJson.parse(mapper, calls, answer, "CreateObservations");
    if (!entries.isArray() || entries.size() != rows) {
      throw calls.malformed(
          "CreateObservations",
          "sent "
              + rows
              + " Observations, got "
              + (entries.isArray() ? entries.size() + " entries" : "no array"));
    }
    int index = 0;
    for (Group group : groups) {
      boolean failed = false;
      for (MeterReading reading : group.readings()) {
        UploadVerdict verdict = verdict(entries.get(index++));
        failed |= verdict instanceof UploadVerdict.Rejected;
        verdicts.put(reading.id(), verdict);
      }
      if (failed) {
        // The Datastream may have been deleted (fixture 05): look it up afresh next time.
        datastreams.forget(group.meterId());
      }
    }
  }

  private UploadVerdict verdict(JsonNode entry) {
    if (entry == null || !entry.isTextual()) {
      throw calls.malformed("CreateObservations", "an entry is not a string: " + entry);
    }
    String text = entry.asText();
    if (text.startsWith("error")) {
      return UploadVerdict.rejected(text);
    }
    if (text.startsWith("http://") || text.startsWith("https://")) {
      return UploadVerdict.ACCEPTED;
    }
    throw calls.malformed("CreateObservations", "an entry is neither a link nor an error: " + text);
  }

  @Override
  public void checkReachable() {
    calls.success(service.get(base.toString()), "health check");
  }
}
