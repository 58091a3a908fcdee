package org.metersync.testkit.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.testkit.ClientSystemContract;
import org.metersync.testkit.ContractReadings;
import org.metersync.testkit.RemoteCanBeUnavailable;
import org.metersync.testkit.RemoteCanGarbleAnswers;
import org.metersync.testkit.RemoteCanLoseAnswers;
import org.metersync.testkit.RemoteCanRefuseCalls;
import org.metersync.testkit.RemoteCanRefuseCredentials;

/**
 * The contract plus what every HTTP kind must do with HTTP's own failures, as {@code
 * docs/client-system-api.md} lists them: refused, dropped and slow connections, {@code 5xx}, {@code
 * 408}, {@code 429} with {@code Retry-After}, {@code 401}/{@code 403}, other {@code 4xx}, bodies
 * that are not the kind's. Every {@link MockWebServerRemote} can be unavailable, refuse a call or
 * the credentials, garble an answer and lose an upload's answer, so those checks run for every HTTP
 * kind; a kind's test implements the capabilities only its remote has.
 *
 * @param <R> the kind's remote
 */
public abstract class HttpClientSystemContract<R extends MockWebServerRemote>
    extends ClientSystemContract<R>
    implements RemoteCanBeUnavailable,
        RemoteCanRefuseCalls,
        RemoteCanRefuseCredentials,
        RemoteCanGarbleAnswers,
        RemoteCanLoseAnswers {

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private void answerNextWith(MockResponse response) {
    remote().remoteServer().answerNextWith(response);
  }

  // ---- connections ----------------------------------------------------------------------------

  @Test
  void anyCall_connectionRefused_unavailable() {
    ClientSystemApi closed = remote().newAdapter("http://127.0.0.1:" + closedPort() + "/api/");

    assertThrows(
        ClientSystemUnavailableException.class, () -> closed.fetchReadings(Optional.empty(), 10));
    assertThrows(
        ClientSystemUnavailableException.class, () -> closed.upload(ContractReadings.readings(1)));
    assertThrows(ClientSystemUnavailableException.class, closed::checkReachable);
  }

  @Test
  void fetchReadings_connectionDroppedBeforeAnswer_unavailable() {
    answerNextWith(RemoteServer.dropConnection());

    assertThrows(
        ClientSystemUnavailableException.class, () -> api().fetchReadings(Optional.empty(), 10));
  }

  @Test
  void fetchReadings_connectionResetMidBody_unavailable() {
    answerNextWith(
        new MockResponse.Builder()
            .code(200)
            .body("{\"readings\": [], \"value\": [], \"padding\": \"" + "x".repeat(65_536) + "\"}")
            .onResponseBody(new SocketEffect.CloseSocket(true, false, false))
            .build());

    assertThrows(
        ClientSystemUnavailableException.class, () -> api().fetchReadings(Optional.empty(), 10));
  }

  @Test
  void fetchReadings_answerSlowerThanReadTimeout_unavailableAsTimeout() {
    answerNextWith(
        new MockResponse.Builder()
            .code(200)
            .body("{}")
            .headersDelay(remote().readTimeout().toMillis() * 4, TimeUnit.MILLISECONDS)
            .build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class,
            () -> api().fetchReadings(Optional.empty(), 10));
    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
  }

  // ---- statuses -------------------------------------------------------------------------------

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503, 504, 408})
  void fetchReadings_transientStatus_unavailableNamingStatusAndTenant(int status) {
    answerNextWith(new MockResponse.Builder().code(status).body("busy").build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class,
            () -> api().fetchReadings(Optional.empty(), 10));
    assertTrue(e.getMessage().contains("HTTP " + status), e.getMessage());
    assertTrue(e.getMessage().contains(remote().tenant().value()), e.getMessage());
  }

  @Test
  void fetchReadings_429WithRetryAfterSeconds_unavailableWithRetryAfter() {
    answerNextWith(new MockResponse.Builder().code(429).setHeader("Retry-After", "120").build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class,
            () -> api().fetchReadings(Optional.empty(), 10));
    assertEquals(Optional.of(Duration.ofSeconds(120)), e.retryAfter());
  }

  @Test
  void upload_429WithRetryAfterDate_unavailableWithRetryAfter() {
    String inFiveMinutes = HTTP_DATE.format(remote().clock().instant().plus(Duration.ofMinutes(5)));
    answerNextWith(
        new MockResponse.Builder().code(429).setHeader("Retry-After", inFiveMinutes).build());

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class,
            () -> api().upload(ContractReadings.readings(1)));
    assertEquals(Optional.of(Duration.ofMinutes(5)), e.retryAfter());
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 403})
  void fetchReadings_credentialsRefused_rejectedAsAuthenticationWithoutSecret(int status) {
    answerNextWith(new MockResponse.Builder().code(status).body("{\"message\":\"no\"}").build());

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api().fetchReadings(Optional.empty(), 10));
    assertTrue(e.isAuthentication());
    assertEquals(Integer.toString(status), e.code());
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("tenant " + remote().tenant()), e.getMessage());
    assertTrue(e.getMessage().contains("authentication"), e.getMessage());
    assertFalse(e.getMessage().contains(remote().secret()), e.getMessage());
  }

  @Test
  void fetchReadings_badRequest_rejectedPermanentlyWithTheServersMessage() {
    answerNextWith(
        RemoteServer.json(
            400, "{\"code\":400,\"type\":\"error\",\"message\":\"Query is not valid\"}"));

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api().fetchReadings(Optional.empty(), 10));
    assertEquals("400", e.code());
    assertFalse(e.isAuthentication());
    assertFalse(e.isTransient());
    assertTrue(e.getMessage().contains("Query is not valid"), e.getMessage());
  }

  @Test
  void upload_unprocessable_rejectedPermanentlyWithStatus() {
    answerNextWith(new MockResponse.Builder().code(422).body("no").build());

    ClientSystemRejectedException e =
        assertThrows(
            ClientSystemRejectedException.class, () -> api().upload(ContractReadings.readings(1)));
    assertEquals("422", e.code());
  }

  @Test
  void upload_emptyBatch_sendsNothing() {
    api().upload(List.of());

    assertEquals(0, remote().server().getRequestCount());
  }

  @Test
  void fetchReadings_truncatedJson_malformedAnswer() {
    answerNextWith(RemoteServer.json(200, "{\"value\": [ oops"));

    assertThrows(
        ClientSystemMalformedAnswerException.class,
        () -> api().fetchReadings(Optional.empty(), 10));
  }

  @ParameterizedTest(name = "cursor {0}")
  @ValueSource(strings = {"c-17", "{\"v\":99}", "reference-rest:v9:x", "{\"v\":1,\"afterId\":[1]}"})
  void fetchReadings_cursorNotMadeByThisKind_refusedWithoutARequest(String cursor) {
    assertThrows(
        ClientSystemMalformedAnswerException.class,
        () -> api().fetchReadings(Optional.of(cursor), 10));

    assertEquals(0, remote().server().getRequestCount());
  }

  // ---- reachability ---------------------------------------------------------------------------

  @Test
  void checkReachable_serverAnswers_oneGet() {
    api().checkReachable();

    List<RecordedRequest> requests = remote().takeRequests();
    assertEquals(1, requests.size(), requests::toString);
    assertEquals("GET", requests.get(0).getMethod());
  }

  @Test
  void checkReachable_serverError_unavailable() {
    answerNextWith(new MockResponse.Builder().code(500).build());

    assertThrows(ClientSystemUnavailableException.class, api()::checkReachable);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
