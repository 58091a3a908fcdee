package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okio.Buffer;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemFactory;
import org.metersync.adapters.http.sensorthings.SensorThingsClientSystemFactory;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.Credentials;
import org.metersync.spi.ReadingsPage;

/**
 * Nothing a client system sends back can exhaust the service: an answer over the tenant's largest
 * answer, an endless chunked body, a huge string, deep nesting and a trickling body each end their
 * call with a clear error naming the tenant, for both HTTP kinds, and other tenants go on.
 */
class BoundedAnswersTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String REST = "reference-rest";
  private static final String STA = "sensorthings";
  private static final int ONE_MIB = 1024 * 1024;

  @StartStop private final MockWebServer server = new MockWebServer();

  private final OkHttpClient shared = HttpClients.shared(HttpSettings.defaults("test"));

  private ClientSystemApi api(String kind, String tenant, Map<String, String> options) {
    return api(shared, kind, tenant, options);
  }

  private ClientSystemApi api(
      OkHttpClient client, String kind, String tenant, Map<String, String> options) {
    Credentials credentials = new Credentials(Map.of("T", "token")::get);
    ClientSystemFactory factory =
        kind.equals(REST)
            ? new ReferenceRestClientSystemFactory(client, MAPPER, credentials, Clock.systemUTC())
            : new SensorThingsClientSystemFactory(client, MAPPER, credentials, Clock.systemUTC());
    return factory.create(
        new ClientSystemSettings(
            TenantId.of(tenant),
            kind,
            server.url("/" + tenant + "/").toString(),
            kind.equals(REST) ? Optional.of("env:T") : Optional.empty(),
            options));
  }

  private static Map<String, String> maxResponseBytes(long bytes) {
    return Map.of(HttpClientSystemFactory.MAX_RESPONSE_BYTES, Long.toString(bytes));
  }

  private static ClientSystemException download(ClientSystemApi api) {
    return assertThrows(ClientSystemException.class, () -> api.fetchReadings(Optional.empty(), 10));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void answerDeclaredLargerThanTheLimit_failsBeforeReadingIt(String kind) {
    Buffer body = new Buffer().write(new byte[2 * ONE_MIB]);
    server.enqueue(new MockResponse.Builder().body(body).build());

    ClientSystemException e = download(api(kind, "t1", maxResponseBytes(ONE_MIB)));

    assertEquals(ClientSystemMalformedAnswerException.class, e.getClass());
    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: the answer declares 2097152 bytes, more than the limit"
            + " of 1048576 bytes (maxResponseBytes)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void endlessChunkedAnswer_failsAtTheLimit(String kind) {
    server.enqueue(chunked("{\"value\":[", ' ', 1L << 30));

    ClientSystemException e = download(api(kind, "t1", maxResponseBytes(ONE_MIB)));

    assertEquals(ClientSystemMalformedAnswerException.class, e.getClass());
    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: the answer is larger than the limit of 1048576 bytes"
            + " (maxResponseBytes)",
        e.getMessage());
  }

  @Test
  void endlessChunkedErrorAnswer_failsAtTheLimitToo() {
    server.enqueue(chunked("<html>", 'x', 1L << 30).newBuilder().code(500).build());

    ClientSystemException e = download(api(REST, "t1", maxResponseBytes(ONE_MIB)));

    assertEquals(
        "tenant t1, reference-rest client system, download: the answer is larger than the limit"
            + " of 1048576 bytes (maxResponseBytes)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void stringField100Mb_failsAtTheDefaultLimitOf16Mib(String kind) {
    server.enqueue(chunked("{\"value\":[{\"id\":\"", 'a', 100L * ONE_MIB));

    ClientSystemException e = download(api(kind, "t1", Map.of()));

    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: the answer is larger than the limit of 16777216 bytes"
            + " (maxResponseBytes)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void stringFieldOverTheStringLimit_failsWithJacksonsLimit(String kind) {
    String huge = "a".repeat(JsonMappers.MAX_STRING_LENGTH + 1);
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"readings\":[{\"id\":\"" + huge + "\"}],\"value\":[],\"hasMore\":false}")
            .build());

    ClientSystemException e = download(api(kind, "t1", maxResponseBytes(4L * ONE_MIB)));

    assertEquals(ClientSystemMalformedAnswerException.class, e.getClass());
    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: the answer exceeds a limit: String value length"
            + " (1000001) exceeds the maximum allowed (1000000, from"
            + " `StreamReadConstraints.getMaxStringLength()`)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void nested10000Deep_failsWithJacksonsNestingLimit(String kind) {
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"value\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}")
            .build());

    ClientSystemException e = download(api(kind, "t1", Map.of()));

    assertEquals(ClientSystemMalformedAnswerException.class, e.getClass());
    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: the answer exceeds a limit: Document nesting depth (101)"
            + " exceeds the maximum allowed (100, from"
            + " `StreamReadConstraints.getMaxNestingDepth()`)",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {REST, STA})
  void answerTricklingOneBytePerSecond_endsAtTheCallTimeout(String kind) {
    HttpSettings defaults = HttpSettings.defaults("test");
    HttpSettings quickCall =
        new HttpSettings(
            defaults.connectTimeout(),
            defaults.readTimeout(),
            defaults.writeTimeout(),
            Duration.ofSeconds(2),
            defaults.maxIdleConnections(),
            defaults.keepAlive(),
            defaults.userAgent());
    server.enqueue(
        new MockResponse.Builder()
            .body("{\"readings\":[],\"value\":[],\"hasMore\":false}")
            .throttleBody(1, 1, TimeUnit.SECONDS)
            .build());

    ClientSystemException e = download(api(HttpClients.shared(quickCall), kind, "t1", Map.of()));

    assertEquals(ClientSystemUnavailableException.class, e.getClass());
    assertEquals(
        "tenant t1, "
            + kind
            + " client system, download: timed out (InterruptedIOException: timeout)",
        e.getMessage());
  }

  @Test
  void oneTenantsEndlessAnswer_otherTenantOnTheSameClientSyncs() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getUrl().encodedPath().startsWith("/bad/")
                ? chunked("{\"readings\":[", ' ', 1L << 30)
                : new MockResponse.Builder()
                    .body("{\"readings\":[],\"hasMore\":false,\"nextCursor\":\"c1\"}")
                    .build();
          }
        });
    ClientSystemApi bad = api(REST, "bad", maxResponseBytes(ONE_MIB));
    ClientSystemApi good = api(REST, "good", Map.of());

    ClientSystemException e = download(bad);
    ReadingsPage page = good.fetchReadings(Optional.empty(), 10);
    ClientSystemException again = download(bad);

    assertTrue(e.getMessage().startsWith("tenant bad, "), e.getMessage());
    assertEquals(e.getMessage(), again.getMessage());
    assertEquals(0, page.received());
    assertFalse(page.hasMore());
  }

  @Test
  void maxResponseBytesOption_belowOneKib_isRefusedNamingTheTenant() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> api(REST, "t1", maxResponseBytes(12)));

    assertEquals(
        "tenant t1: invalid option maxResponseBytes = '12': expected a whole number of at least"
            + " 1024",
        e.getMessage());
  }

  @Test
  void boundedMapper_documentOverItsLength_isRefusedByJackson() throws Exception {
    ObjectMapper bounded = JsonMappers.create(100);
    String document = "{\"a\":\"" + "b".repeat(200) + "\"}";

    JsonProcessingException e =
        assertThrows(JsonProcessingException.class, () -> bounded.readTree(document));

    assertTrue(causedByConstraint(e), e.toString());
    assertEquals(
        MAPPER.readTree(document).get("a").asText().length(), 200, "the unbounded mapper reads it");
  }

  private static boolean causedByConstraint(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException) {
        return true;
      }
    }
    return false;
  }

  /**
   * A chunked {@code 200} of {@code prefix}, then {@code fill} up to {@code bytes}, written as the
   * client reads it; never held whole. Stops when the client hangs up.
   */
  private static MockResponse chunked(String prefix, char fill, long bytes) {
    MockResponseBody body =
        new MockResponseBody() {
          @Override
          public long getContentLength() {
            return -1;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            chunk(sink, prefix.getBytes(StandardCharsets.UTF_8));
            byte[] piece = new byte[64 * 1024];
            Arrays.fill(piece, (byte) fill);
            for (long sent = 0; sent < bytes; sent += piece.length) {
              chunk(sink, piece);
            }
            sink.writeUtf8("0\r\n\r\n");
          }
        };
    Map<String, String> headers = new HashMap<>();
    headers.put("Transfer-Encoding", "chunked");
    headers.put("Content-Type", "application/json");
    MockResponse.Builder builder = new MockResponse.Builder().body(body);
    headers.forEach(builder::addHeader);
    return builder.build();
  }

  private static void chunk(BufferedSink sink, byte[] bytes) throws IOException {
    sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n").write(bytes);
    sink.writeUtf8("\r\n");
  }
}
