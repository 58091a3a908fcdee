package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.SplittingUpload;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's client system that is an OGC SensorThings API v1.1 server (such as FROST-Server): a
 * meter is a Datastream, a reading an Observation carrying its id in {@code parameters.readingId}.
 */
public final class SensorThingsClientSystemApi implements ClientSystemApi {

  /** The kind name in a tenant's configuration. */
  public static final String KIND = "sensorthings";

  private static final Logger log = LoggerFactory.getLogger(SensorThingsClientSystemApi.class);

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final DatastreamDirectory datastreams;
  private final ObservationDownload download;
  private final ExistingReadings.Limits checkLimits;
  private final long maxRequestBytes;
  private final ObservationUpdates updater;

  SensorThingsClientSystemApi(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      DatastreamDirectory datastreams,
      ObservationDownload download,
      ExistingReadings.Limits checkLimits,
      long maxRequestBytes) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.datastreams = requireNonNull(datastreams, "datastreams");
    this.download = requireNonNull(download, "download");
    this.checkLimits = requireNonNull(checkLimits, "checkLimits");
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
    this.updater = new ObservationUpdates(service, base, mapper, calls);
  }

  @Override
  public String kind() {
    return KIND;
  }

  // ---- download -------------------------------------------------------------------------------

  @Override
  public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    return download.fetch(cursor, limit);
  }

  // ---- upload ---------------------------------------------------------------------------------

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    requireNonNull(batch, "batch");
    return upload(batch, batch.stream().map(MeterReading::id).collect(Collectors.toSet()));
  }

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch, Set<ReadingId> inDoubt) {
    requireNonNull(batch, "batch");
    requireNonNull(inDoubt, "inDoubt");
    if (batch.isEmpty()) {
      return Map.of();
    }
    // FROST stores a re-sent Observation twice: ask about the readings it may hold already.
    List<MeterReading> toCheck = batch.stream().filter(r -> inDoubt.contains(r.id())).toList();
    Map<ReadingId, List<JsonNode>> present =
        toCheck.isEmpty()
            ? Map.of()
            : new ExistingReadings(service, base, mapper, calls, checkLimits).of(toCheck);
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    List<CreateObservationsRequests.Row> rows = new ArrayList<>();
    Map<MeterReading, JsonNode> updates = new LinkedHashMap<>();
    for (Map.Entry<String, List<MeterReading>> meter : byMeter(batch).entrySet()) {
      plan(meter.getKey(), meter.getValue(), present, verdicts, rows, updates);
    }
    new SplittingUpload<>(
            calls,
            maxRequestBytes,
            new CreateObservationsRequests(service, mapper, calls, datastreams, verdicts))
        .send(rows);
    updates.forEach((reading, iotId) -> verdicts.put(reading.id(), updater.update(iotId, reading)));
    Map<ReadingId, UploadVerdict> ordered = new LinkedHashMap<>();
    batch.forEach(reading -> ordered.put(reading.id(), verdicts.get(reading.id())));
    return ordered;
  }

  private static Map<String, List<MeterReading>> byMeter(List<MeterReading> batch) {
    Map<String, List<MeterReading>> byMeter = new LinkedHashMap<>();
    for (MeterReading reading : batch) {
      byMeter.computeIfAbsent(reading.meterId(), m -> new ArrayList<>()).add(reading);
    }
    return byMeter;
  }

  /**
   * Decides for each reading of one meter: rejected (no Datastream, other unit), already present
   * (the server holds identical data), an update of the Observation it holds with other data, or a
   * row to create.
   */
  private void plan(
      String meterId,
      List<MeterReading> readings,
      Map<ReadingId, List<JsonNode>> present,
      Map<ReadingId, UploadVerdict> verdicts,
      List<CreateObservationsRequests.Row> rows,
      Map<MeterReading, JsonNode> updates) {
    DatastreamDirectory.Resolution resolution =
        datastreams.resolve(meterId, readings.get(0).unit());
    if (resolution instanceof DatastreamDirectory.Resolution.Missing missing) {
      readings.forEach(r -> verdicts.put(r.id(), UploadVerdict.rejected(missing.reason())));
      return;
    }
    DatastreamDirectory.Resolution.Found found = (DatastreamDirectory.Resolution.Found) resolution;
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
        continue;
      }
      List<JsonNode> copies =
          ours(reading, found.id(), present.getOrDefault(reading.id(), List.of()));
      if (copies.stream().anyMatch(o -> ObservationMapper.holds(o, reading))) {
        verdicts.put(reading.id(), UploadVerdict.ALREADY_PRESENT);
      } else if (!copies.isEmpty()) {
        updates.put(reading, iotId(copies.get(0)));
      } else {
        rows.add(new CreateObservationsRequests.Row(reading, meterId, found.id()));
      }
    }
  }

  /**
   * The Observations found for {@code reading} that are in its meter's Datastream, or whose
   * Datastream the server did not say. One in another Datastream is left alone: it may belong to
   * another tenant sharing the server, and is never taken as this reading's copy nor changed.
   */
  private List<JsonNode> ours(MeterReading reading, JsonNode datastreamId, List<JsonNode> found) {
    List<JsonNode> ours = new ArrayList<>();
    for (JsonNode observation : found) {
      JsonNode in = observation.path("Datastream").get("@iot.id");
      if (in == null || in.asText().equals(datastreamId.asText())) {
        ours.add(observation);
      } else {
        log.warn(
            "tenant={} reading {} also exists as Observation {} in Datastream {}, not in meter {}'s"
                + " Datastream {}; left alone",
            calls.tenantId(),
            reading.id(),
            observation.get("@iot.id"),
            in,
            reading.meterId(),
            datastreamId);
      }
    }
    return ours;
  }

  private JsonNode iotId(JsonNode observation) {
    JsonNode id = observation.get("@iot.id");
    if (id == null || !(id.isIntegralNumber() || id.isTextual())) {
      throw calls.malformed(
          "check for readings already present", "an Observation without @iot.id: " + observation);
    }
    return id;
  }

  @Override
  public void checkReachable() {
    calls.success(service.get(base.toString()), "health check");
  }
}
