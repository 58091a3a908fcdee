package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.Credentials;
import org.metersync.spi.ReadingsPage;

/**
 * What every client-system adapter must do, against a real HTTP server on loopback. A subclass per
 * adapter makes the adapter and says how its server answers.
 */
public abstract class AbstractClientSystemApiContractTest {

  protected static final TenantId TENANT = TenantId.of("tenant-a");
  protected static final String TOKEN = "s3cr3t-t0ken-9f8e7d";
  protected static final String TOKEN_REFERENCE = "env:METER_SYNC_TEST_TOKEN";
  protected static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  protected static final ObjectMapper MAPPER = JsonMappers.create();
  protected static final Credentials CREDENTIALS =
      new Credentials(Map.of("METER_SYNC_TEST_TOKEN", TOKEN)::get);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(700);

  @StartStop protected final MockWebServer server = new MockWebServer();
  protected final OkHttpClient sharedClient =
      HttpClients.shared(
          new HttpSettings(
              Duration.ofSeconds(2),
              READ_TIMEOUT,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              2,
              Duration.ofSeconds(30),
              "meter-sync/test"));
  protected ClientSystemApi api;

  /**
   * Makes the adapter under test for a client system at {@code baseUrl}, authenticated by TOKEN,
   * with these options of its kind (every kind knows {@code maxRequestBytes}).
   */
  protected abstract ClientSystemApi newApi(String baseUrl, Map<String, String> options);

  /** Makes the server a stateful one of the adapter's kind for the rest of the test. */
  protected abstract FakeClientSystemServer serveStatefully();

  /** The adapter under test with default options. */
  protected ClientSystemApi newApi(String baseUrl) {
    return newApi(baseUrl, Map.of());
  }

  /** The server's next download answer: these readings, and whether more follow. */
  protected abstract void enqueuePage(List<MeterReading> readings, boolean more);

  /** The server's answers to one upload of {@code batch}: these verdicts (accepted or rejected). */
  protected abstract void enqueueUploadAnswer(
      List<MeterReading> batch, List<UploadVerdict> verdicts);

  /** The server's answer to an upload of {@code batch} with one result too few. */
  protected abstract void enqueueUploadAnswerWithWrongCount(List<MeterReading> batch);

  /**
   * The server takes in the upload of {@code batch}, but the connection drops before it answers.
   */
  protected abstract void enqueueUploadLostAfterSending(List<MeterReading> batch);

  /** The server's answers to the re-send of {@code batch} after it stored it the first time. */
  protected abstract void enqueueResendAnswer(List<MeterReading> batch);

  /** Asserts from the recorded requests that the re-send can have created no duplicate. */
  protected abstract void assertResendSafe(
      List<RecordedRequest> firstAttempt, List<RecordedRequest> secondAttempt);

  /** The server's answer to a reachability check. */
  protected abstract void enqueueReachable();

  /** The server's answer to any first request of a call: {@code response} as it is. */
  protected void enqueueFailure(MockResponse response) {
    server.enqueue(response);
  }

  @BeforeEach
  void makeApi() {
    api = newApi(server.url("/api/").toString());
  }

  // ---- download -------------------------------------------------------------------------------

  @Test
  void fetchReadings_severalPages_returnsEveryReadingOnceInOrder() {
    List<MeterReading> all = TestReadings.readings(7);
    enqueuePage(all.subList(0, 3), true);
    enqueuePage(all.subList(3, 6), true);
    enqueuePage(all.subList(6, 7), false);

    List<MeterReading> received = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    int pages = 0;
    ReadingsPage page;
    do {
      page = api.fetchReadings(cursor, 3);
      received.addAll(page.readings());
      assertEquals(List.of(), page.malformed());
      cursor = Optional.of(page.cursor());
      pages++;
    } while (page.hasMore());

    assertEquals(all, received);
    assertEquals(3, pages);
  }

  @Test
  void fetchReadings_noReadings_returnsEmptyPageWithoutMore() {
    enqueuePage(List.of(), false);

    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(0, page.received());
    assertFalse(page.hasMore());
  }

  @Test
  void fetchReadings_serverSendsGarbage_malformedAnswer() {
    enqueueFailure(new MockResponse.Builder().code(200).body("{\"value\": [ oops").build());

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api.fetchReadings(Optional.empty(), 10));
  }

  @ParameterizedTest
  @ValueSource(strings = {"c-17", "{\"v\":99}", "reference-rest:v9:x", "{\"v\":1,\"afterId\":[1]}"})
  void fetchReadings_cursorNotMadeByThisAdapter_malformedAnswerNamingTenant(String cursor) {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api.fetchReadings(Optional.of(cursor), 10));
    assertTrue(e.getMessage().contains("tenant " + TENANT), e.getMessage());
    assertTrue(e.getMessage().contains("stored download cursor"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void fetchReadings_serverSendsMoreThanAsked_neverReturnsMoreThanLimit() {
    List<MeterReading> five = TestReadings.readings(5);
    enqueuePage(five, false);

    ReadingsPage page;
    try {
      page = api.fetchReadings(Optional.empty(), 3);
    } catch (ClientSystemMalformedAnswerException documentedAlternative) {
      return;
    }
    assertEquals(five.subList(0, 3), page.readings());
    assertTrue(page.hasMore(), "the rest is fetched next");
  }

  // ---- upload ---------------------------------------------------------------------------------

  @Test
  void upload_mixedVerdicts_returnsOneVerdictPerReading() {
    List<MeterReading> batch = TestReadings.readings(3);
    enqueueUploadAnswer(
        batch,
        List.of(
            UploadVerdict.ACCEPTED,
            UploadVerdict.rejected("value out of range"),
            UploadVerdict.ACCEPTED));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(
        List.of(ReadingId.of("r-1"), ReadingId.of("r-2"), ReadingId.of("r-3")),
        List.copyOf(verdicts.keySet()));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-1")));
    UploadVerdict.Rejected rejected =
        assertInstanceOf(UploadVerdict.Rejected.class, verdicts.get(ReadingId.of("r-2")));
    assertTrue(rejected.reason().contains("value out of range"), rejected.reason());
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-3")));
  }

  @Test
  void upload_emptyBatch_sendsNothing() {
    assertEquals(Map.of(), api.upload(List.of()));
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void upload_wrongResultCount_malformedAnswer() {
    List<MeterReading> batch = TestReadings.readings(3);
    enqueueUploadAnswerWithWrongCount(batch);

    assertThrows(ClientSystemMalformedAnswerException.class, () -> api.upload(batch));
  }

  @Test
  void upload_serverSendsGarbage_malformedAnswer() {
    enqueueFailure(new MockResponse.Builder().code(200).body("<html>oops</html>").build());

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api.upload(TestReadings.readings(2)));
  }

  @Test
  void upload_resentAfterLostAnswer_createsNoDuplicate() throws InterruptedException {
    List<MeterReading> batch = TestReadings.readings(3);
    enqueueUploadLostAfterSending(batch);

    assertThrows(ClientSystemUnavailableException.class, () -> api.upload(batch));
    List<RecordedRequest> first = takeAll();
    enqueueResendAnswer(batch);
    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);
    List<RecordedRequest> second = takeAll();

    assertEquals(3, verdicts.size());
    assertTrue(verdicts.values().stream().allMatch(UploadVerdict::held), verdicts::toString);
    assertResendSafe(first, second);
  }

  @Test
  void upload_resendOfEditedReading_serverHoldsTheNewData() {
    FakeClientSystemServer fake = serveStatefully();
    List<MeterReading> batch = TestReadings.readings(3);
    assertAllHeld(api.upload(batch));
    List<MeterReading> edited =
        List.of(
            batch.get(0), TestReadings.edited(batch.get(1)), TestReadings.retimed(batch.get(2)));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(edited);

    assertAllHeld(verdicts);
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-2")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-3")));
    for (MeterReading reading : edited) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
  }

  @Test
  void upload_editedAfterAnswerWasLost_resendUpdatesTheServer() {
    FakeClientSystemServer fake = serveStatefully();
    List<MeterReading> batch = TestReadings.readings(3);
    fake.dropNextUploadAnswer();
    assertThrows(ClientSystemUnavailableException.class, () -> api.upload(batch));
    List<MeterReading> edited =
        List.of(batch.get(0), TestReadings.edited(batch.get(1)), batch.get(2));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(edited);

    assertAllHeld(verdicts);
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-2")));
    for (MeterReading reading : edited) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
  }

  @Test
  void upload_identicalResend_keepsOneCopyOfEach() {
    FakeClientSystemServer fake = serveStatefully();
    List<MeterReading> batch = TestReadings.readings(3);
    assertAllHeld(api.upload(batch));

    assertAllHeld(api.upload(batch));

    for (MeterReading reading : batch) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
  }

  @Test
  void upload_serverRefusesLargeBodies_halvesUntilEveryReadingIsHeld() {
    FakeClientSystemServer fake = serveStatefully();
    fake.refuseBodiesOver(300);
    List<MeterReading> batch = TestReadings.readings(6);

    assertAllHeld(api.upload(batch));

    for (MeterReading reading : batch) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
  }

  @Test
  void upload_batchOverMaxRequestBytes_splitBeforeSending() throws InterruptedException {
    FakeClientSystemServer fake = serveStatefully();
    fake.refuseBodiesOver(400);
    ClientSystemApi limited =
        newApi(server.url("/api/").toString(), Map.of("maxRequestBytes", "400"));
    List<MeterReading> batch = TestReadings.readings(6);

    assertAllHeld(limited.upload(batch));

    List<RecordedRequest> requests = takeAll();
    assertTrue(requests.stream().allMatch(r -> r.getBodySize() <= 400), requests::toString);
    assertTrue(
        requests.stream().noneMatch(r -> r.getBodySize() == 0 && r.getMethod().equals("POST")));
    assertTrue(requests.stream().filter(r -> r.getMethod().equals("POST")).count() > 1);
    for (MeterReading reading : batch) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
  }

  // ---- errors ---------------------------------------------------------------------------------

  @Test
  void fetchReadings_connectionRefused_unavailable() throws IOException {
    ClientSystemApi closed = newApi("http://127.0.0.1:" + closedPort() + "/api/");

    assertThrows(
        ClientSystemUnavailableException.class, () -> closed.fetchReadings(Optional.empty(), 10));
    assertThrows(
        ClientSystemUnavailableException.class, () -> closed.upload(TestReadings.readings(1)));
    assertThrows(ClientSystemUnavailableException.class, closed::checkReachable);
  }

  @Test
  void fetchReadings_connectionDroppedBeforeAnswer_unavailable() {
    enqueueFailure(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());

    assertThrows(
        ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
  }

  @Test
  void fetchReadings_connectionResetMidBody_unavailable() {
    enqueueFailure(
        new MockResponse.Builder()
            .code(200)
            .body(
                "{\"readings\": [], \"value\": [], \"padding\": \"" + "x".repeat(64 * 1024) + "\"}")
            .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
            .build());

    assertThrows(
        ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
  }

  @Test
  void fetchReadings_serverTooSlow_unavailableAsTimeout() {
    enqueueFailure(
        new MockResponse.Builder()
            .code(200)
            .body("{}")
            .headersDelay(READ_TIMEOUT.toMillis() * 4, TimeUnit.MILLISECONDS)
            .build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504, 408})
  void fetchReadings_transientStatus_unavailable(int status) {
    enqueueFailure(new MockResponse.Builder().code(status).body("busy").build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
    assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    assertTrue(e.getMessage().contains(TENANT.value()), e.getMessage());
  }

  @Test
  void upload_serverError_unavailable() {
    enqueueFailure(new MockResponse.Builder().code(503).build());

    assertThrows(
        ClientSystemUnavailableException.class, () -> api.upload(TestReadings.readings(2)));
  }

  @Test
  void fetchReadings_429WithRetryAfterSeconds_unavailableWithRetryAfter() {
    enqueueFailure(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
    assertEquals(Optional.of(Duration.ofSeconds(120)), e.retryAfter());
  }

  @Test
  void upload_429WithRetryAfterDate_unavailableWithRetryAfter() {
    enqueueFailure(
        new MockResponse.Builder()
            .code(429)
            .setHeader("Retry-After", "Thu, 01 Jan 2026 00:05:00 GMT")
            .build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.upload(TestReadings.readings(1)));
    assertEquals(Optional.of(Duration.ofMinutes(5)), e.retryAfter());
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void fetchReadings_credentialsRefused_rejectedAsAuthentication(int status) {
    enqueueFailure(new MockResponse.Builder().code(status).body("{\"message\":\"no\"}").build());

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api.fetchReadings(Optional.empty(), 10));
    assertTrue(e.isAuthentication());
    assertEquals(Integer.toString(status), e.code());
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("tenant " + TENANT), e.getMessage());
    assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void fetchReadings_badRequest_rejectedPermanently() {
    enqueueFailure(
        new MockResponse.Builder()
            .code(400)
            .body("{\"code\":400,\"type\":\"error\",\"message\":\"Query is not valid\"}")
            .build());

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api.fetchReadings(Optional.empty(), 10));
    assertEquals("400", e.code());
    assertFalse(e.isAuthentication());
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("Query is not valid"), e.getMessage());
  }

  @Test
  void upload_badRequest_rejectedPermanently() {
    enqueueFailure(new MockResponse.Builder().code(422).body("no").build());

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api.upload(TestReadings.readings(1)));
    assertEquals("422", e.code());
  }

  // ---- reachability and hygiene ---------------------------------------------------------------

  @Test
  void checkReachable_serverAnswers_returns() throws InterruptedException {
    enqueueReachable();

    api.checkReachable();

    assertEquals("GET", server.takeRequest().getMethod());
  }

  @Test
  void checkReachable_serverError_unavailable() {
    enqueueFailure(new MockResponse.Builder().code(500).build());

    assertThrows(ClientSystemUnavailableException.class, api::checkReachable);
  }

  @Test
  void anyCall_sendsTokenAndUserAgent_neverLogsToken() throws InterruptedException {
    List<MeterReading> batch = TestReadings.readings(2);
    List<String> lines;
    try (LogCapture logs = new LogCapture()) {
      enqueuePage(batch, false);
      api.fetchReadings(Optional.empty(), 10);
      enqueueUploadAnswer(batch, List.of(UploadVerdict.ACCEPTED, UploadVerdict.ACCEPTED));
      api.upload(batch);
      enqueueFailure(new MockResponse.Builder().code(401).build());
      assertThrows(ClientSystemRejectedException.class, api::checkReachable);
      lines = logs.lines();
    }

    RecordedRequest first = server.takeRequest();
    assertTrue(first.getHeaders().get("Authorization").contains(TOKEN));
    assertEquals("meter-sync/test", first.getHeaders().get("User-Agent"));
    assertTrue(lines.stream().anyMatch(l -> l.contains("Authorization: ██")), lines::toString);
    assertTrue(lines.stream().noneMatch(l -> l.contains(TOKEN)), lines::toString);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void assertAllHeld(Map<ReadingId, UploadVerdict> verdicts) {
    assertTrue(verdicts.values().stream().allMatch(UploadVerdict::held), verdicts::toString);
  }

  /** Every request the server has received and not yet handed out. */
  protected List<RecordedRequest> takeAll() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
      requests.add(request);
    }
    return requests;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
