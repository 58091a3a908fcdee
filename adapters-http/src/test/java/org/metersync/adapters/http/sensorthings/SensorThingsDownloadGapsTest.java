package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.LogCapture;
import org.metersync.adapters.http.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.spi.ReadingsPage;

/** Downloads from a FROST-like server whose Observations commit out of id order. */
class SensorThingsDownloadGapsTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FakeFrostServer fake = new FakeFrostServer(MAPPER);
  private final SettableClock clock = new SettableClock(T0);
  private Optional<String> cursor = Optional.empty();
  private int requestsTaken;

  @BeforeEach
  void dispatchToFake() {
    server.setDispatcher(fake);
  }

  private ClientSystemApi api(Map<String, String> options) {
    return new SensorThingsClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            MAPPER,
            new Credentials(name -> null),
            clock)
        .create(
            new ClientSystemSettings(
                TenantId.of("t1"),
                "sensorthings",
                server.url("/FROST-Server/v1.1/").toString(),
                Optional.empty(),
                options));
  }

  private ClientSystemApi api() {
    return api(Map.of());
  }

  /** One download cycle as the service runs it: pages while more follow; the readings taken. */
  private List<String> cycle(ClientSystemApi api, int limit) {
    List<String> taken = new ArrayList<>();
    ReadingsPage page;
    do {
      page = api.fetchReadings(cursor, limit);
      assertTrue(page.received() <= limit, "a page of " + page.received());
      cursor = Optional.of(page.cursor());
      page.readings().forEach(r -> taken.add(r.id().value()));
    } while (page.hasMore() && page.received() > 0);
    return taken;
  }

  private IdGaps gaps() {
    return SensorThingsCursor.decode(MAPPER, cursor.orElseThrow()).gaps();
  }

  /** The {@code $filter}s of the requests made since the last call. */
  private List<String> filters() throws InterruptedException {
    List<String> filters = new ArrayList<>();
    for (; requestsTaken < server.getRequestCount(); requestsTaken++) {
      filters.add(server.takeRequest().getUrl().queryParameter("$filter"));
    }
    return filters;
  }

  private static MeterReading reading(int n) {
    return TestReadings.reading("r-" + n, "M-1", "2026-01-01T00:00:00Z", Integer.toString(n));
  }

  @Test
  void fetchReadings_observationCommittedAfterAHigherIdWasRead_downloadedByALaterCycle() {
    ClientSystemApi api = api();
    fake.offer(List.of(reading(1), reading(2), reading(3)));
    assertEquals(List.of("r-1", "r-2", "r-3"), cycle(api, 10));
    FakeFrostServer.Held late = fake.hold(reading(4));
    fake.offer(List.of(reading(5)));
    assertEquals(List.of("r-5"), cycle(api, 10));

    fake.commit(late);

    assertEquals(List.of("r-4"), cycle(api, 10));
    assertEquals(List.of(), cycle(api, 10), "found once, then no longer asked for");
    assertTrue(gaps().isEmpty(), gaps()::toString);
  }

  @Test
  void fetchReadings_gapsOpen_askedByIdBeforeTheListingContinues() throws Exception {
    ClientSystemApi api = api();
    fake.offer(List.of(reading(1)));
    cycle(api, 10);
    List<FakeFrostServer.Held> held = new ArrayList<>();
    held.add(fake.hold(reading(2)));
    fake.offer(List.of(reading(3)));
    for (int n = 4; n <= 6; n++) {
      held.add(fake.hold(reading(n)));
    }
    fake.offer(List.of(reading(7)));
    cycle(api, 10);
    filters();

    List<String> taken = cycle(api, 10);

    assertEquals(List.of(), taken);
    assertEquals(List.of("id eq 2 or (id ge 4 and id le 6)", "id gt 7"), filters());
    held.forEach(fake::commit);
    assertEquals(List.of("r-2", "r-4", "r-5", "r-6"), cycle(api, 10));
  }

  @Test
  void fetchReadings_moreFoundThanALimit_pagedWithinTheLimitEachOnce() {
    ClientSystemApi api = api();
    fake.offer(List.of(reading(1)));
    cycle(api, 10);
    List<FakeFrostServer.Held> held = new ArrayList<>();
    for (int n = 2; n <= 6; n++) {
      held.add(fake.hold(reading(n)));
    }
    fake.offer(List.of(reading(7)));
    cycle(api, 10);
    held.forEach(fake::commit);
    fake.offer(List.of(reading(8), reading(9)));

    List<String> taken = cycle(api, 2);

    assertEquals(List.of("r-2", "r-3", "r-4", "r-5", "r-6", "r-8", "r-9"), taken);
  }

  @Test
  void fetchReadings_committedWhilePaging_takenOnceOrAgainButNeverLost() {
    ClientSystemApi api = api();
    FakeFrostServer.Held early = fake.hold(reading(1));
    FakeFrostServer.Held middle = fake.hold(reading(2));
    for (int n = 3; n <= 8; n++) {
      fake.offer(List.of(reading(n)));
    }
    List<String> taken = new ArrayList<>();
    ReadingsPage first = api.fetchReadings(cursor, 2);
    first.readings().forEach(r -> taken.add(r.id().value()));
    fake.commit(early);
    fake.commit(middle);

    cursor = Optional.of(first.cursor());
    taken.addAll(cycle(api, 2));
    taken.addAll(cycle(api, 2));

    assertTrue(
        taken.containsAll(List.of("r-1", "r-2", "r-3", "r-4", "r-5", "r-6", "r-7", "r-8")),
        taken::toString);
  }

  @Test
  void fetchReadings_gapOlderThanSettleWindow_askedOnceMoreThenDropped() throws Exception {
    ClientSystemApi api = api(Map.of(SensorThingsClientSystemFactory.GAP_SETTLE_SECONDS, "600"));
    fake.offer(List.of(reading(1)));
    cycle(api, 10);
    FakeFrostServer.Held late = fake.hold(reading(2));
    fake.offer(List.of(reading(3)));
    cycle(api, 10);
    clock.set(T0.plusSeconds(600));
    cycle(api, 10);
    assertEquals(1, gaps().ranges().size(), "still open at the end of the window");
    filters();

    clock.set(T0.plusSeconds(601));
    cycle(api, 10);

    assertEquals(List.of("id eq 2", "id gt 3"), filters(), "asked a last time");
    assertTrue(gaps().isEmpty(), gaps()::toString);
    fake.commit(late);
    assertEquals(List.of(), cycle(api, 10), "committed after the window: passed for good");
    assertEquals(List.of("id gt 3"), filters());
  }

  @Test
  void fetchReadings_gapSettleZero_noGapTrackedNorAsked() throws Exception {
    ClientSystemApi api = api(Map.of(SensorThingsClientSystemFactory.GAP_SETTLE_SECONDS, "0"));
    fake.offer(List.of(reading(1)));
    cycle(api, 10);
    FakeFrostServer.Held late = fake.hold(reading(2));
    fake.offer(List.of(reading(3)));
    cycle(api, 10);
    fake.commit(late);
    filters();

    assertEquals(List.of(), cycle(api, 10));
    assertEquals(List.of("id gt 3"), filters());
    assertTrue(gaps().isEmpty());
  }

  @Test
  void fetchReadings_moreGapsThanKept_oldestDroppedWithInfoLog() {
    ClientSystemApi api = api();
    fake.offer(List.of(reading(1)));
    cycle(api, 10);
    for (int n = 0; n < ObservationDownload.MAX_GAPS; n++) {
      fake.rollBack(fake.hold(reading(1000 + n)));
      fake.offer(List.of(reading(2000 + n)));
    }
    cycle(api, 1000);
    clock.set(T0.plusSeconds(1));
    for (int n = 0; n < 5; n++) {
      fake.rollBack(fake.hold(reading(3000 + n)));
      fake.offer(List.of(reading(4000 + n)));
    }

    try (LogCapture log = new LogCapture()) {
      cycle(api, 1000);

      assertTrue(
          log.lines().stream()
              .anyMatch(
                  l ->
                      l.contains("tenant=t1")
                          && l.contains("more than 100 id gaps open")
                          && l.contains("the 5 missed longest, between ids 2 and 10")),
          log.lines()::toString);
    }
    IdGaps kept = gaps();
    assertEquals(ObservationDownload.MAX_GAPS, kept.ranges().size());
    assertEquals(12, kept.ranges().get(0).first(), "ids 2, 4, …, 10 dropped: missed longest");
    assertEquals(T0.plusSeconds(1), kept.ranges().get(kept.ranges().size() - 1).since());
  }

  @Test
  void fetchReadings_gapsFillingMoreThanOneUrl_askedInRequestsWithinTheUrlLimit() throws Exception {
    long high = 4_000_000_000_000_000_000L;
    List<IdGaps.Range> ranges = new ArrayList<>();
    for (int i = ObservationDownload.MAX_GAPS; i > 0; i--) {
      ranges.add(new IdGaps.Range(high - 10L * i, high - 10L * i + 3, T0));
    }
    cursor =
        Optional.of(
            new SensorThingsCursor(null, LongNode.valueOf(high), new IdGaps(ranges))
                .encode(MAPPER));

    cycle(api(), 10);

    List<String> asked = new ArrayList<>();
    int requests = server.getRequestCount();
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = server.takeRequest();
      assertTrue(
          request.getUrl().toString().length() <= ObservationDownload.MAX_GAP_URL_LENGTH,
          request.getUrl().toString().length() + " characters");
      asked.add(request.getUrl().queryParameter("$filter"));
    }
    assertTrue(requests > 2, requests + " requests");
    assertEquals("id gt " + high, asked.get(asked.size() - 1));
    String everyGap = String.join(" or ", asked.subList(0, asked.size() - 1));
    assertEquals(String.join(" or ", ranges.stream().map(IdGaps.Range::filter).toList()), everyGap);
  }

  @Test
  void fetchReadings_gapAnswerHoldsAnIdNotAskedFor_malformedAnswer() {
    server.setDispatcher(new mockwebserver3.QueueDispatcher());
    server.enqueue(
        FrostJson.json(
            "{\"value\":[{\"@iot.id\":9,\"phenomenonTime\":\"2026-01-01T00:00:00Z\","
                + "\"result\":1,\"parameters\":{\"readingId\":\"r-9\"},\"Datastream\":"
                + "{\"@iot.id\":1,\"properties\":{\"meterId\":\"M-1\"},"
                + "\"unitOfMeasurement\":{\"symbol\":\"kWh\"}}}]}"));
    String withGap = "{\"v\":2,\"afterId\":5,\"gaps\":[[4,4," + T0.getEpochSecond() + "]]}";

    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api().fetchReadings(Optional.of(withGap), 10));

    assertTrue(e.getMessage().contains("got one with @iot.id 9"), e.getMessage());
  }

  @Test
  void fetchReadings_versionOneCursor_continuesAfterItsIdAndWritesVersionTwo() throws Exception {
    fake.offer(List.of(reading(1), reading(2), reading(3)));
    cursor = Optional.of("{\"v\":1,\"afterId\":1}");

    List<String> taken = cycle(api(), 10);

    assertEquals(List.of("r-2", "r-3"), taken);
    assertEquals("id gt 1", filters().get(0));
    assertEquals("{\"v\":2,\"afterId\":3}", cursor.orElseThrow());
  }

  /** A clock the test moves. */
  private static final class SettableClock extends Clock {

    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("one zone is enough here");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
