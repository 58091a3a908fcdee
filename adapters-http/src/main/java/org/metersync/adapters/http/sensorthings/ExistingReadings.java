package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * Asks the server which of a batch's readings it holds already, by {@code parameters/readingId}, in
 * chunks whose {@code $filter} stays below a length limit, with the data and the Datastream of each
 * Observation found so that the caller can tell an identical copy from an outdated one.
 */
final class ExistingReadings {

  private static final String WHAT = "check for readings already present";
  private static final int MAX_PAGES = 1000;
  static final String SELECT = "id,phenomenonTime,result,parameters";
  static final String EXPAND = "Datastream($select=id)";

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final int maxFilterLength;

  ExistingReadings(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      int maxFilterLength) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.maxFilterLength = maxFilterLength;
  }

  /**
   * The Observations the server holds for readings of {@code batch}, by reading id (several where
   * the server stored one twice); each has {@code @iot.id}, {@code phenomenonTime}, {@code result},
   * {@code parameters} and, where the server expands it, {@code Datastream/@iot.id}.
   */
  Map<ReadingId, List<JsonNode>> of(List<MeterReading> batch) {
    Map<ReadingId, List<JsonNode>> present = new HashMap<>();
    for (List<ReadingId> chunk : chunks(batch)) {
      ask(chunk, present);
    }
    return present;
  }

  /**
   * Splits the ids so that each chunk's encoded filter has at most {@code maxFilterLength} chars.
   */
  List<List<ReadingId>> chunks(List<MeterReading> batch) {
    List<List<ReadingId>> chunks = new ArrayList<>();
    List<ReadingId> chunk = new ArrayList<>();
    int length = 0;
    for (MeterReading reading : batch) {
      int clause = SensorThingsUrls.encode(clause(reading.id()) + " or ").length();
      if (!chunk.isEmpty() && length + clause > maxFilterLength) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
        length = 0;
      }
      chunk.add(reading.id());
      length += clause;
    }
    chunks.add(chunk);
    return chunks;
  }

  static String filter(List<ReadingId> ids) {
    return String.join(" or ", ids.stream().map(ExistingReadings::clause).toList());
  }

  private static String clause(ReadingId id) {
    return "parameters/readingId eq " + SensorThingsUrls.quote(id.value());
  }

  private void ask(List<ReadingId> chunk, Map<ReadingId, List<JsonNode>> present) {
    Set<String> asked = new HashSet<>();
    chunk.forEach(id -> asked.add(id.value()));
    Map<String, String> params =
        SensorThingsUrls.params(
            "$filter",
            filter(chunk),
            "$select",
            SELECT,
            "$expand",
            EXPAND,
            "$top",
            Integer.toString(chunk.size()));
    String url = SensorThingsUrls.query(base, "Observations", params);
    for (int page = 0; url != null; page++) {
      if (page == MAX_PAGES) {
        throw calls.malformed(
            WHAT, "more than " + MAX_PAGES + " pages for " + chunk.size() + " ids");
      }
      SensorThingsJson.Listing listing =
          SensorThingsJson.listing(mapper, calls, calls.success(service.get(url), WHAT), WHAT);
      for (JsonNode observation : listing.value()) {
        JsonNode readingId = observation.path("parameters").get("readingId");
        if (readingId == null || !readingId.isTextual() || !asked.contains(readingId.asText())) {
          throw calls.malformed(WHAT, "an Observation that was not asked for: " + observation);
        }
        present
            .computeIfAbsent(ReadingId.of(readingId.asText()), id -> new ArrayList<>())
            .add(observation);
      }
      url = listing.nextLink();
      if (url != null && !SensorThingsUrls.sameOrigin(base, url)) {
        throw calls.malformed(WHAT, "@iot.nextLink points away from the configured server: " + url);
      }
    }
  }
}
