package org.metersync.adapters.http.referencerest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;
import org.metersync.testkit.ContractReadings;

/** What only the reference REST adapter does: splitting, idempotency keys, exact numbers. */
class ReferenceRestClientSystemApiTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();

  @StartStop private final MockWebServer server = new MockWebServer();

  private ClientSystemApi api(Map<String, String> options) {
    return new ReferenceRestClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            MAPPER,
            new Credentials(Map.of("T", "token")::get),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
        .create(
            new ClientSystemSettings(
                TenantId.of("t1"),
                "reference-rest",
                server.url("/rest").toString(),
                Optional.of("env:T"),
                options));
  }

  private ClientSystemApi api() {
    return api(Map.of());
  }

  private void enqueueAccepted(List<MeterReading> part) {
    server.enqueue(
        ReferenceRestJson.response(
            ReferenceRestJson.results(
                MAPPER, part, part.stream().map(r -> UploadVerdict.ACCEPTED).toList())));
  }

  private List<String> idsSent(RecordedRequest request) throws Exception {
    List<String> ids = new ArrayList<>();
    MAPPER
        .readTree(request.getBody().utf8())
        .get("readings")
        .forEach(r -> ids.add(r.get("id").asText()));
    return ids;
  }

  @Test
  void upload_payloadTooLarge_splitsInHalvesAndSendsEach() throws Exception {
    List<MeterReading> batch = TestReadings.readings(4);
    server.enqueue(new MockResponse.Builder().code(413).build());
    enqueueAccepted(batch.subList(0, 2));
    enqueueAccepted(batch.subList(2, 4));

    Map<ReadingId, UploadVerdict> verdicts = api().upload(batch);

    assertEquals(4, verdicts.size());
    assertTrue(verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED));
    assertEquals(List.of("r-1", "r-2", "r-3", "r-4"), idsSent(server.takeRequest()));
    RecordedRequest firstHalf = server.takeRequest();
    RecordedRequest secondHalf = server.takeRequest();
    assertEquals(List.of("r-1", "r-2"), idsSent(firstHalf));
    assertEquals(List.of("r-3", "r-4"), idsSent(secondHalf));
    assertNotEquals(
        firstHalf.getHeaders().get("Idempotency-Key"),
        secondHalf.getHeaders().get("Idempotency-Key"));
  }

  @Test
  void upload_singleReadingTooLarge_rejectedWithReason() {
    List<MeterReading> batch = TestReadings.readings(2);
    server.enqueue(new MockResponse.Builder().code(413).build());
    enqueueAccepted(batch.subList(0, 1));
    server.enqueue(new MockResponse.Builder().code(413).build());

    Map<ReadingId, UploadVerdict> verdicts = api().upload(batch);

    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-1")));
    UploadVerdict.Rejected rejected =
        assertInstanceOf(UploadVerdict.Rejected.class, verdicts.get(ReadingId.of("r-2")));
    assertTrue(rejected.reason().contains("413"), rejected.reason());
  }

  @Test
  void upload_batchOverMaxRequestBytes_splitBeforeSending() throws Exception {
    List<MeterReading> batch = TestReadings.readings(6);
    long max = 300;
    // Answers each request for exactly the readings it carried.
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            List<MeterReading> part;
            try {
              List<String> ids = idsSent(request);
              part = batch.stream().filter(r -> ids.contains(r.id().value())).toList();
            } catch (Exception e) {
              return new MockResponse.Builder().code(500).build();
            }
            return ReferenceRestJson.response(
                ReferenceRestJson.results(
                    MAPPER, part, part.stream().map(r -> UploadVerdict.ACCEPTED).toList()));
          }
        });

    Map<ReadingId, UploadVerdict> verdicts =
        api(Map.of(ReferenceRestClientSystemFactory.MAX_REQUEST_BYTES, Long.toString(max)))
            .upload(batch);

    assertEquals(6, verdicts.size());
    assertTrue(verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED));
    int requests = server.getRequestCount();
    assertTrue(requests > 1, "split into several requests");
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < requests; i++) {
      RecordedRequest request = server.takeRequest();
      assertTrue(request.getBodySize() <= max, "body of " + request.getBodySize() + " bytes");
      sent.addAll(idsSent(request));
    }
    assertEquals(List.of("r-1", "r-2", "r-3", "r-4", "r-5", "r-6"), sent);
  }

  @Test
  void upload_singleReadingOverMaxRequestBytes_rejectedUnsent() {
    Map<ReadingId, UploadVerdict> verdicts =
        api(Map.of(ReferenceRestClientSystemFactory.MAX_REQUEST_BYTES, "20"))
            .upload(TestReadings.readings(1));

    UploadVerdict.Rejected rejected =
        assertInstanceOf(UploadVerdict.Rejected.class, verdicts.get(ReadingId.of("r-1")));
    assertTrue(rejected.reason().contains("maximum request body"), rejected.reason());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void idempotencyKey_sameIds_sameKeyAndOtherIdsOtherKey() {
    List<MeterReading> batch = TestReadings.readings(3);

    String key = ReferenceRestClientSystemApi.idempotencyKey(batch);

    assertEquals(key, ReferenceRestClientSystemApi.idempotencyKey(List.copyOf(batch)));
    assertNotEquals(key, ReferenceRestClientSystemApi.idempotencyKey(batch.subList(0, 2)));
    assertEquals(64, key.length());
  }

  @Test
  void idempotencyKey_editedReading_otherKey() {
    List<MeterReading> batch = TestReadings.readings(3);
    String key = ReferenceRestClientSystemApi.idempotencyKey(batch);
    MeterReading r2 = batch.get(1);

    for (MeterReading edit :
        List.of(
            ContractReadings.edited(r2),
            ContractReadings.retimed(r2),
            new MeterReading(r2.id(), "M-2002", r2.takenAt(), r2.value(), r2.unit()),
            new MeterReading(r2.id(), r2.meterId(), r2.takenAt(), r2.value(), "Wh"))) {
      String edited =
          ReferenceRestClientSystemApi.idempotencyKey(List.of(batch.get(0), edit, batch.get(2)));
      assertNotEquals(key, edited, edit.toString());
    }
  }

  @Test
  void idempotencyKey_sameValueOtherScale_sameKey() {
    MeterReading plain = TestReadings.reading("r-1", "M-1", "2026-01-01T00:00:00Z", "100.25");
    MeterReading padded = TestReadings.reading("r-1", "M-1", "2026-01-01T00:00:00Z", "100.2500");

    assertEquals(
        ReferenceRestClientSystemApi.idempotencyKey(List.of(plain)),
        ReferenceRestClientSystemApi.idempotencyKey(List.of(padded)));
  }

  @Test
  void idempotencyKey_fieldsAreDelimited_noCollisionByShiftingText() {
    MeterReading a = TestReadings.reading("r-1", "M-1", "2026-01-01T00:00:00Z", "1");
    MeterReading b = new MeterReading(ReadingId.of("r-1M"), "-1", a.takenAt(), a.value(), a.unit());

    assertNotEquals(
        ReferenceRestClientSystemApi.idempotencyKey(List.of(a)),
        ReferenceRestClientSystemApi.idempotencyKey(List.of(b)));
  }

  @Test
  void canonical_values_plainWithoutTrailingZeros() {
    assertEquals("100.25", ReferenceRestClientSystemApi.canonical(new BigDecimal("100.250")));
    assertEquals("1000", ReferenceRestClientSystemApi.canonical(new BigDecimal("1E+3")));
    assertEquals("0", ReferenceRestClientSystemApi.canonical(new BigDecimal("0.000")));
    assertEquals("0.0000001", ReferenceRestClientSystemApi.canonical(new BigDecimal("1.0E-7")));
  }

  @Test
  void upload_decimals_sentAsExactPlainNumbers() throws Exception {
    MeterReading tiny =
        TestReadings.reading("r-1", "M-1", "2026-01-01T00:00:00Z", "0.000000123456789012345678901");
    MeterReading big =
        new MeterReading(
            ReadingId.of("r-2"),
            "M-1",
            Instant.parse("2026-01-01T00:00:00Z"),
            new BigDecimal("1E+3"),
            "kWh");
    enqueueAccepted(List.of(tiny, big));

    api().upload(List.of(tiny, big));

    String body = server.takeRequest().getBody().utf8();
    assertTrue(body.contains("\"value\":0.000000123456789012345678901"), body);
    assertTrue(body.contains("\"value\":1000"), body);
    assertTrue(body.contains("\"takenAt\":\"2026-01-01T00:00:00Z\""), body);
  }

  @Test
  void fetchReadings_decimals_readExactly() {
    server.enqueue(
        ReferenceRestJson.response(
            "{\"readings\":[{\"id\":\"r-1\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\","
                + "\"value\":12345678901234567890.123456789012,\"unit\":\"kWh\"},"
                + "{\"id\":\"r-2\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00+01:00\","
                + "\"value\":1.03E2,\"unit\":\"kWh\"}],\"nextCursor\":\"c\",\"hasMore\":false}"));

    ReadingsPage page = api().fetchReadings(Optional.empty(), 10);

    assertEquals(
        new BigDecimal("12345678901234567890.123456789012"), page.readings().get(0).value());
    assertEquals(new BigDecimal("103"), page.readings().get(1).value());
    assertEquals(Instant.parse("2025-12-31T23:00:00Z"), page.readings().get(1).takenAt());
  }

  @Test
  void fetchReadings_malformedReadings_keptAsideWhileTheRestProceeds() {
    server.enqueue(
        ReferenceRestJson.response(
            "{\"readings\":["
                + "{\"id\":\"r-1\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\",\"value\":1.5,\"unit\":\"kWh\"},"
                + "{\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\",\"value\":1,\"unit\":\"kWh\"},"
                + "{\"id\":\"r-3\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\",\"value\":\"1,5\",\"unit\":\"kWh\"},"
                + "{\"id\":\"r-4\",\"meterId\":\"M-1\",\"takenAt\":\"2026-02-30T00:00:00Z\",\"value\":1,\"unit\":\"kWh\"},"
                + "{\"id\":\"r-1\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\",\"value\":2,\"unit\":\"kWh\"},"
                + "{\"id\":\"r-6\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:15:00Z\",\"value\":2,\"unit\":\"kWh\"}"
                + "],\"nextCursor\":\"c-1\",\"hasMore\":true}"));

    ReadingsPage page = api().fetchReadings(Optional.empty(), 10);

    assertEquals(List.of("r-1", "r-6"), page.readings().stream().map(r -> r.id().value()).toList());
    List<MalformedReading> malformed = page.malformed();
    assertEquals(4, malformed.size());
    assertEquals(null, malformed.get(0).readingId());
    assertTrue(malformed.get(0).reason().contains("id is missing"), malformed.get(0).reason());
    assertTrue(malformed.get(1).reason().contains("not a JSON number"), malformed.get(1).reason());
    assertTrue(malformed.get(2).reason().contains("takenAt"), malformed.get(2).reason());
    assertTrue(malformed.get(3).reason().contains("duplicate"), malformed.get(3).reason());
    assertTrue(malformed.get(1).payload().contains("\"1,5\""), malformed.get(1).payload());
    assertEquals(ReferenceRestCursor.encode("c-1"), page.cursor());
  }

  @Test
  void fetchReadings_sendsCursorAndLimit() throws Exception {
    server.enqueue(
        ReferenceRestJson.response("{\"readings\":[],\"nextCursor\":\"c-8\",\"hasMore\":false}"));

    api().fetchReadings(Optional.of(ReferenceRestCursor.encode("c-7 &x")), 50);

    RecordedRequest request = server.takeRequest();
    assertEquals("/rest/readings", request.getUrl().encodedPath());
    assertEquals("c-7 &x", request.getUrl().queryParameter("cursor"));
    assertEquals("50", request.getUrl().queryParameter("limit"));
    assertEquals("Bearer token", request.getHeaders().get("Authorization"));
  }

  @Test
  void fetchReadings_noNextCursor_keepsPreviousCursor() {
    server.enqueue(ReferenceRestJson.response("{\"readings\":[],\"hasMore\":false}"));

    ReadingsPage page = api().fetchReadings(Optional.of(ReferenceRestCursor.encode("c-7")), 50);

    assertEquals(ReferenceRestCursor.encode("c-7"), page.cursor());
  }

  @Test
  void fetchReadings_firstPageWithoutNextCursor_storesEmptyCursorAndStartsAgain() throws Exception {
    server.enqueue(ReferenceRestJson.response("{\"readings\":[],\"hasMore\":false}"));
    server.enqueue(ReferenceRestJson.response("{\"readings\":[],\"hasMore\":false}"));

    ReadingsPage page = api().fetchReadings(Optional.empty(), 50);
    api().fetchReadings(Optional.of(page.cursor()), 50);

    assertEquals("", page.cursor());
    server.takeRequest();
    assertEquals(null, server.takeRequest().getUrl().queryParameter("cursor"));
  }

  @Test
  void fetchReadings_cursorOfAnotherKind_malformedAnswerWithoutRequest() {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api().fetchReadings(Optional.of("{\"v\":1,\"afterId\":5}"), 50));

    assertTrue(e.getMessage().contains("tenant t1"), e.getMessage());
    assertTrue(e.getMessage().contains("stored download cursor could not be read"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void fetchReadings_moreReadingsThanAsked_malformedAnswer() {
    List<MeterReading> three = TestReadings.readings(3);
    server.enqueue(ReferenceRestJson.response(ReferenceRestJson.page(MAPPER, three, "c", false)));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().fetchReadings(Optional.empty(), 2));
  }

  @Test
  void fetchReadings_missingHasMore_malformedAnswer() {
    server.enqueue(ReferenceRestJson.response("{\"readings\":[]}"));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().fetchReadings(Optional.empty(), 2));
  }

  @Test
  void upload_resultsInAnotherOrder_malformedAnswer() {
    List<MeterReading> batch = TestReadings.readings(2);
    server.enqueue(
        ReferenceRestJson.response(
            ReferenceRestJson.results(
                MAPPER,
                List.of(batch.get(1), batch.get(0)),
                List.of(UploadVerdict.ACCEPTED, UploadVerdict.ACCEPTED))));

    assertThrows(ClientSystemMalformedAnswerException.class, () -> api().upload(batch));
  }

  @Test
  void upload_unknownStatus_malformedAnswer() {
    server.enqueue(
        ReferenceRestJson.response("{\"results\":[{\"id\":\"r-1\",\"status\":\"maybe\"}]}"));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().upload(TestReadings.readings(1)));
  }

  @Test
  void upload_rejectedWithoutReason_malformedAnswer() {
    server.enqueue(
        ReferenceRestJson.response("{\"results\":[{\"id\":\"r-1\",\"status\":\"rejected\"}]}"));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().upload(TestReadings.readings(1)));
  }

  @Test
  void upload_requestShape_followsContract() throws Exception {
    List<MeterReading> batch = TestReadings.readings(1);
    enqueueAccepted(batch);

    api().upload(batch);

    RecordedRequest request = server.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/rest/readings/batch", request.getUrl().encodedPath());
    assertEquals(
        ReferenceRestClientSystemApi.idempotencyKey(batch),
        request.getHeaders().get("Idempotency-Key"));
    JsonNode reading = MAPPER.readTree(request.getBody().utf8()).get("readings").get(0);
    assertEquals("M-1001", reading.get("meterId").asText());
    assertEquals("kWh", reading.get("unit").asText());
    assertTrue(reading.get("value").isNumber());
  }

  @Test
  void create_missingCredential_failsNamingTenant() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new ReferenceRestClientSystemFactory(
                        HttpClients.shared(HttpSettings.defaults("test")),
                        MAPPER,
                        new Credentials(name -> null),
                        Clock.systemUTC())
                    .create(
                        new ClientSystemSettings(
                            TenantId.of("t9"),
                            "reference-rest",
                            "http://localhost/",
                            Optional.empty(),
                            Map.of())));
    assertTrue(e.getMessage().contains("t9"), e.getMessage());
  }

  @Test
  void create_unknownOption_failsNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> api(Map.of("maxRequestByte", "10")));
    assertTrue(e.getMessage().contains("maxRequestByte"), e.getMessage());
  }
}
