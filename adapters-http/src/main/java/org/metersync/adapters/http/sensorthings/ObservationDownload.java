package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import okhttp3.HttpUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads Observations oldest id first, after the last id taken. Ids come from a sequence, so an
 * Observation whose transaction commits after a higher id was read would be passed for ever: the
 * ids missed below the highest one taken are kept in the cursor ({@link IdGaps}) and asked for
 * again, by primary key, whenever a listing starts afresh, until they are found or have settled.
 */
final class ObservationDownload {

  /** The most id gaps a cursor keeps; gaps also come from rollbacks and deletions. */
  static final int MAX_GAPS = 100;

  /** The longest URL asking for gaps: well within the 8 KB request line Tomcat accepts. */
  static final int MAX_GAP_URL_LENGTH = 6000;

  static final String EXPAND_DATASTREAM =
      "Datastream($select=id,name,properties,unitOfMeasurement)";
  private static final Logger log = LoggerFactory.getLogger(ObservationDownload.class);

  private final SensorThingsService service;
  private final HttpUrl base;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final ObservationMapper observations;
  private final Clock clock;
  private final Duration gapSettle;

  /** {@code gapSettle}: how long a missed id is asked for again; zero tracks no gaps. */
  ObservationDownload(
      SensorThingsService service,
      HttpUrl base,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      ObservationMapper observations,
      Clock clock,
      Duration gapSettle) {
    this.service = requireNonNull(service, "service");
    this.base = requireNonNull(base, "base");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    this.observations = requireNonNull(observations, "observations");
    this.clock = requireNonNull(clock, "clock");
    this.gapSettle = requireNonNull(gapSettle, "gapSettle");
    if (gapSettle.isNegative()) {
      throw new IllegalArgumentException("gapSettle must not be negative: " + gapSettle);
    }
  }

  ReadingsPage fetch(Optional<String> cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    SensorThingsCursor from =
        cursor.filter(c -> !c.isBlank()).map(this::decode).orElse(SensorThingsCursor.START);
    boolean tracking = !gapSettle.isZero();
    Page page =
        new Page(limit, from.afterId(), tracking ? from.gaps() : IdGaps.NONE, clock.instant());
    if (from.nextLink() == null && !page.gaps.isEmpty()) {
      if (askAgain(page) || page.room() == 0) {
        // The rest is asked for, and old gaps settled, by the next call.
        return page.result(null, true);
      }
      settle(page);
    }
    String url =
        from.nextLink() != null
            ? sameOrigin(from.nextLink())
            : firstPage(page.afterId, page.room());
    SensorThingsJson.Listing listing =
        SensorThingsJson.listing(
            mapper, calls, calls.success(service.get(url), "download"), "download");
    if (listing.nextLink() != null) {
      sameOrigin(listing.nextLink());
    }
    JsonNode value = listing.value();
    int room = page.room();
    for (int i = 0; i < Math.min(room, value.size()); i++) {
      page.takeListed(value.get(i));
    }
    if (value.size() > room) {
      return truncated(page, from.afterId(), value.size(), room);
    }
    return page.result(listing.nextLink(), listing.nextLink() != null);
  }

  /**
   * A page of the first Observations of more than asked for (a stored next link made for a larger
   * batch size, or a server ignoring {@code $top}): the rest is asked for next, by id after the
   * last one taken, as the listing is ordered by id.
   */
  private ReadingsPage truncated(Page page, JsonNode afterId, int received, int asked) {
    if (page.afterId == null || page.afterId.equals(afterId)) {
      throw calls.malformed(
          "download",
          "asked for at most "
              + asked
              + " Observations, got "
              + received
              + ", and the first "
              + asked
              + " carry no @iot.id to continue after");
    }
    log.info(
        "tenant={} download: asked for {} Observations, got {}; the rest follows after id {}",
        calls.tenantId(),
        asked,
        received,
        page.afterId);
    return page.result(null, true);
  }

  /**
   * Asks for the gaps' ids again, in as few requests as fit the URL limit, adding what is found to
   * the page; whether more was found than the page had room for (asked for again next).
   */
  private boolean askAgain(Page page) {
    List<IdGaps.Range> open = page.gaps.ranges();
    int start = 0;
    while (start < open.size() && page.room() > 0) {
      int room = page.room();
      int end = start + 1;
      while (end < open.size()
          && gapQuery(open.subList(start, end + 1), room).length() <= MAX_GAP_URL_LENGTH) {
        end++;
      }
      List<IdGaps.Range> asked = open.subList(start, end);
      SensorThingsJson.Listing found =
          SensorThingsJson.listing(
              mapper,
              calls,
              calls.success(service.get(gapQuery(asked, room)), "download"),
              "download");
      JsonNode value = found.value();
      for (int i = 0; i < Math.min(room, value.size()); i++) {
        page.takeFound(value.get(i), new IdGaps(asked));
      }
      if (value.size() > room || found.nextLink() != null) {
        return true;
      }
      start = end;
    }
    return start < open.size();
  }

  /** Stops asking for gaps missed longer than the settle window ago, after their last ask. */
  private void settle(Page page) {
    IdGaps.Trimmed trimmed = page.gaps.missedSince(page.now.minus(gapSettle));
    page.gaps = trimmed.kept();
    if (!trimmed.dropped().isEmpty()) {
      log.debug(
          "tenant={} download: no Observation appeared within {} s with ids {}; no longer asked"
              + " for",
          calls.tenantId(),
          gapSettle.toSeconds(),
          trimmed.dropped());
    }
  }

  /** Observations with the ids of {@code gaps}, oldest id first, at most {@code top}. */
  private String gapQuery(List<IdGaps.Range> gaps, int top) {
    Map<String, String> params =
        SensorThingsUrls.params(
            "$top",
            Integer.toString(top),
            "$orderby",
            "id asc",
            "$expand",
            EXPAND_DATASTREAM,
            "$filter",
            gaps.stream().map(IdGaps.Range::filter).collect(Collectors.joining(" or ")));
    return SensorThingsUrls.query(base, "Observations", params);
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

  /** An integral id within a {@code long}, or null: only those can have gaps between them. */
  private static Long integral(JsonNode id) {
    return id != null && id.isIntegralNumber() && id.canConvertToLong() ? id.asLong() : null;
  }

  /** A page being filled: readings, malformed ones, the last id taken and the open gaps. */
  private final class Page {

    private final int limit;
    private final Instant now;
    private final List<MeterReading> readings = new ArrayList<>();
    private final List<MalformedReading> malformed = new ArrayList<>();
    private final Set<ReadingId> seen = new HashSet<>();
    private JsonNode afterId;
    private IdGaps gaps;

    Page(int limit, JsonNode afterId, IdGaps gaps, Instant now) {
      this.limit = limit;
      this.afterId = afterId;
      this.gaps = gaps;
      this.now = now;
    }

    int room() {
      return limit - readings.size() - malformed.size();
    }

    /**
     * Takes an Observation of the listing: the ids skipped since the last one taken (from 1 for the
     * first) become gaps when tracking; an id at or below it (a listing shifted by a late commit)
     * only fills one.
     */
    void takeListed(JsonNode observation) {
      JsonNode iotId = observation.get("@iot.id");
      Long id = integral(iotId);
      Long high = integral(afterId);
      boolean tracking = !gapSettle.isZero();
      if (id != null && high != null && id <= high) {
        gaps = gaps.without(id);
      } else if (iotId != null && (iotId.isIntegralNumber() || iotId.isTextual())) {
        if (tracking && id != null && high != null) {
          gaps = gaps.between(high, id, now);
        } else if (tracking && id != null && afterId == null && id > 1) {
          // The first Observation ever taken: ids start at 1, as a sequence's do.
          gaps = gaps.between(0, id, now);
        }
        afterId = iotId;
      }
      take(observation);
    }

    /** Takes an Observation found by asking for {@code asked} again; it fills its gap. */
    void takeFound(JsonNode observation, IdGaps asked) {
      Long id = integral(observation.get("@iot.id"));
      if (id == null || !asked.contains(id)) {
        throw calls.malformed(
            "download",
            "asked for the Observations with ids "
                + asked.ranges()
                + ", got one with @iot.id "
                + observation.get("@iot.id"));
      }
      gaps = gaps.without(id);
      take(observation);
    }

    private void take(JsonNode observation) {
      try {
        MeterReading reading = observations.toReading(observation);
        if (!seen.add(reading.id())) {
          throw new IllegalArgumentException("reading id " + reading.id() + " twice in one page");
        }
        readings.add(reading);
      } catch (RuntimeException e) {
        malformed.add(
            new MalformedReading(
                ObservationMapper.readingIdOf(observation),
                observation.toString(),
                e.getMessage()));
      }
    }

    ReadingsPage result(String nextLink, boolean hasMore) {
      if (!malformed.isEmpty()) {
        log.warn(
            "tenant={} download: {} of {} Observations malformed, first: {}",
            calls.tenantId(),
            malformed.size(),
            readings.size() + malformed.size(),
            malformed.get(0).reason());
      }
      IdGaps.Trimmed trimmed = gaps.atMost(MAX_GAPS);
      if (!trimmed.dropped().isEmpty()) {
        List<IdGaps.Range> dropped = trimmed.dropped();
        log.info(
            "tenant={} download: more than {} id gaps open; no longer asking for the {} missed"
                + " longest, between ids {} and {}",
            calls.tenantId(),
            MAX_GAPS,
            dropped.size(),
            dropped.get(0).first(),
            dropped.get(dropped.size() - 1).last());
      }
      String next = new SensorThingsCursor(nextLink, afterId, trimmed.kept()).encode(mapper);
      return new ReadingsPage(readings, malformed, next, hasMore);
    }
  }
}
