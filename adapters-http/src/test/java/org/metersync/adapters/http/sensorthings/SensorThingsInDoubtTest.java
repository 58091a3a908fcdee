package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;

/**
 * Decision 0012 on the SensorThings kind: only readings in doubt are looked for before sending, so
 * a backlog of new readings costs one CreateObservations per batch and nothing else.
 */
class SensorThingsInDoubtTest {

  private final FrostRemote remote = new FrostRemote();
  private final ClientSystemApi api = remote.newAdapter();

  @AfterEach
  void close() {
    remote.close();
  }

  @Test
  void upload_nothingInDoubt_noCheckAndEveryReadingHeldOnce() {
    List<MeterReading> batch = readings(0, 200);
    remote.takeRequests();

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch, Set.of());

    verdicts.values().forEach(v -> assertEquals(UploadVerdict.ACCEPTED, v));
    assertEquals(0, checks(remote.takeRequests()));
    batch.forEach(r -> assertEquals(List.of(r), remote.held(r.id()), r.id().value()));
  }

  @Test
  void upload_sentHalfInDoubt_checksOnlyThoseAndHoldsEachOnce() {
    List<MeterReading> batch = readings(0, 40);
    List<MeterReading> sent = batch.subList(0, 10);
    api.upload(sent, Set.of());
    remote.takeRequests();

    Map<ReadingId, UploadVerdict> verdicts =
        api.upload(batch, Set.copyOf(sent.stream().map(MeterReading::id).toList()));

    sent.forEach(r -> assertEquals(UploadVerdict.ALREADY_PRESENT, verdicts.get(r.id())));
    List<RecordedRequest> requests = remote.takeRequests();
    Set<String> asked = askedIds(requests);
    assertEquals(Set.copyOf(sent.stream().map(r -> r.id().value()).toList()), asked, "asked about");
    batch.forEach(r -> assertEquals(List.of(r), remote.held(r.id()), r.id().value()));
  }

  @Test
  void upload_withoutInDoubt_everyReadingChecked() {
    List<MeterReading> batch = readings(0, 5);
    api.upload(batch, Set.of());
    remote.takeRequests();

    api.upload(batch);

    assertTrue(checks(remote.takeRequests()) >= 1);
    batch.forEach(r -> assertEquals(List.of(r), remote.held(r.id()), r.id().value()));
  }

  private static long checks(List<RecordedRequest> requests) {
    return requests.stream().filter(SensorThingsInDoubtTest::isCheck).count();
  }

  private static boolean isCheck(RecordedRequest request) {
    String filter = request.getUrl().queryParameter("$filter");
    return request.getMethod().equals("GET")
        && request.getUrl().encodedPath().endsWith("/Observations")
        && filter != null
        && filter.contains("parameters/readingId");
  }

  private static Set<String> askedIds(List<RecordedRequest> requests) {
    java.util.Set<String> asked = new java.util.HashSet<>();
    for (RecordedRequest request : requests) {
      if (isCheck(request)) {
        for (String clause : request.getUrl().queryParameter("$filter").split(" or ")) {
          asked.add(clause.replaceAll("^.*eq '(.*)'$", "$1"));
        }
      }
    }
    return asked;
  }

  private static List<MeterReading> readings(int from, int count) {
    return IntStream.range(from, from + count)
        .mapToObj(
            i ->
                new MeterReading(
                    ReadingId.of("in-doubt-" + i),
                    "M-" + (i % 3),
                    Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                    BigDecimal.valueOf(i),
                    "kWh"))
        .toList();
  }
}
