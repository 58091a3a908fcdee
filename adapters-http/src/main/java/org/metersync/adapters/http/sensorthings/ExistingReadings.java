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
import org.metersync.adapters.http.HttpAnswer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the server which of a batch's readings it holds already, by {@code parameters/readingId}, in
 * chunks whose URL stays below a length limit, with the data and the Datastream of each Observation
 * found so that the caller can tell an identical copy from an outdated one. A check the server
 * refuses with {@code 400} or {@code 414} (a request line too long for it) is asked again in
 * halves.
 */
final class ExistingReadings {

  /**
   * How long a check request may be.
   *
   * @param maxUrlLength the longest URL of a check, in characters as sent (percent-encoded)
   * @param maxFilterLength the longest percent-encoded {@code $filter} of a check
   */
  record Limits(int maxUrlLength, int maxFilterLength) {
    Limits {
      if (maxUrlLength < 1 || maxFilterLength < 1) {
        throw new IllegalArgumentException(
            "limits must be positive: " + maxUrlLength + ", " + maxFilterLength);
      }
    }
  }

  private static final Logger log = LoggerFactory.getLogger(ExistingReadings.class);
  private static final String WHAT = "check for readings already present";
  private static final int BAD_REQUEST = 400;
  private static final int URI_TOO_LONG = 414;

  /**
   * A {@code 400} to a shorter check URL is not taken for a length limit (no common server limits
   * request lines below 1 KB; Tomcat, Jetty, nginx and Apache allow 8 KB) but for a refusal of the
   * query itself, which halving would only repeat.
   */
  static final int MIN_LIMITED_URL = 1024;

  private static final int SEPARATOR = SensorThingsUrls.encode(" or ").length();
  private static final int MAX_PAGES = 1000;
  static final String SELECT = "id,phenomenonTime,result,parameters";
  static final String EXPAND = "Datastream($select=id)";

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final Limits limits;

  ExistingReadings(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      Limits limits) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.limits = requireNonNull(limits, "limits");
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
   * Splits the ids so that each chunk's URL and filter stay within the limits; an id whose URL
   * alone is longer is a chunk of its own.
   */
  List<List<ReadingId>> chunks(List<MeterReading> batch) {
    int fixed = url(List.of(), batch.size()).length();
    List<List<ReadingId>> chunks = new ArrayList<>();
    List<ReadingId> chunk = new ArrayList<>();
    int length = 0;
    for (MeterReading reading : batch) {
      int clause = SensorThingsUrls.encode(clause(reading.id())).length();
      int longer = length + SEPARATOR + clause;
      if (!chunk.isEmpty()
          && (fixed + longer > limits.maxUrlLength() || longer > limits.maxFilterLength())) {
        chunks.add(chunk);
        chunk = new ArrayList<>();
      }
      length = chunk.isEmpty() ? clause : length + SEPARATOR + clause;
      chunk.add(reading.id());
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

  /** The check URL for {@code ids}, asking for at most {@code top} Observations per page. */
  private String url(List<ReadingId> ids, int top) {
    Map<String, String> params =
        SensorThingsUrls.params(
            "$filter",
            filter(ids),
            "$select",
            SELECT,
            "$expand",
            EXPAND,
            "$top",
            Integer.toString(top));
    return SensorThingsUrls.query(base, "Observations", params);
  }

  private void ask(List<ReadingId> chunk, Map<ReadingId, List<JsonNode>> present) {
    String url = url(chunk, chunk.size());
    HttpAnswer answer = calls.exchange(service.get(url), WHAT);
    boolean tooLong =
        answer.status() == URI_TOO_LONG
            || (answer.status() == BAD_REQUEST && url.length() >= MIN_LIMITED_URL);
    if (tooLong && chunk.size() > 1) {
      log.warn(
          "tenant={} check of {} reading ids answered HTTP {} for a URL of {} characters; asking in"
              + " halves (if this repeats, lower the option maxUrlLength)",
          calls.tenantId(),
          chunk.size(),
          answer.status(),
          url.length());
      int half = chunk.size() / 2;
      ask(chunk.subList(0, half), present);
      ask(chunk.subList(half, chunk.size()), present);
      return;
    }
    if (!answer.isSuccessful()) {
      throw calls.failure(
          answer, WHAT + " of " + describe(chunk) + ", a URL of " + url.length() + " characters");
    }
    collect(chunk, answer, present);
  }

  private static String describe(List<ReadingId> chunk) {
    if (chunk.size() == 1) {
      return "reading " + chunk.get(0) + " alone";
    }
    return chunk.size() + " readings (" + chunk.get(0) + " to " + chunk.get(chunk.size() - 1) + ")";
  }

  /** Takes the Observations of the first page, {@code first}, and of every following page. */
  private void collect(
      List<ReadingId> chunk, HttpAnswer first, Map<ReadingId, List<JsonNode>> present) {
    Set<String> asked = new HashSet<>();
    chunk.forEach(id -> asked.add(id.value()));
    HttpAnswer answer = first;
    for (int page = 1; ; page++) {
      SensorThingsJson.Listing listing = SensorThingsJson.listing(mapper, calls, answer, WHAT);
      for (JsonNode observation : listing.value()) {
        String readingId = ObservationMapper.readingIdParameter(observation);
        if (readingId == null || !asked.contains(readingId)) {
          throw calls.malformed(WHAT, "an Observation that was not asked for: " + observation);
        }
        present.computeIfAbsent(ReadingId.of(readingId), id -> new ArrayList<>()).add(observation);
      }
      String next = listing.nextLink();
      if (next == null) {
        return;
      }
      if (!SensorThingsUrls.sameOrigin(base, next)) {
        throw calls.malformed(
            WHAT, "@iot.nextLink points away from the configured server: " + next);
      }
      if (page == MAX_PAGES) {
        throw calls.malformed(
            WHAT, "more than " + MAX_PAGES + " pages for " + chunk.size() + " ids");
      }
      answer = calls.success(service.get(next), WHAT);
    }
  }
}
