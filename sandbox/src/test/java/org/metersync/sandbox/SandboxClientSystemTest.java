package org.metersync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Lifecycle, routing and authentication of the sandbox server. */
class SandboxClientSystemTest {

  private static final String TOKEN = "acme-secret";

  private final SandboxClientSystem sandbox =
      SandboxClientSystem.builder().tenant("acme", TOKEN).start();
  private final SandboxHttp http = new SandboxHttp();

  @AfterEach
  void close() {
    http.close();
    sandbox.close();
  }

  private static List<SandboxReading> batch() {
    return List.of(
        new SandboxReading(
            "r-1", "M-1", Instant.parse("2026-01-01T00:00:00Z"), BigDecimal.ONE, "kWh"));
  }

  @Test
  void start_portZero_bindsAFreePortOnLoopbackOnly() throws IOException {
    assertEquals(InetAddress.getByName("127.0.0.1"), sandbox.address().getAddress());
    assertTrue(sandbox.port() > 0);
    assertEquals("http://127.0.0.1:" + sandbox.port() + "/", sandbox.baseUrl());
    assertEquals(sandbox.baseUrl() + "tenants/acme/", sandbox.baseUrl("acme"));
  }

  @Test
  void health_rightToken_answers200() throws IOException {
    SandboxHttp.Answer answer = http.get(sandbox.baseUrl("acme") + "health", TOKEN);

    assertEquals(200, answer.status());
    assertEquals("application/json; charset=utf-8", answer.headers().get("Content-Type"));
    assertEquals(1, sandbox.stats("acme").healthRequests());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"health", "readings?limit=10"})
  void get_missingOrWrongToken_answers401(String path) throws IOException {
    String url = sandbox.baseUrl("acme") + path;

    SandboxHttp.Answer missing = http.get(url, null);
    SandboxHttp.Answer wrong = http.get(url, TOKEN + "x");

    assertEquals(401, missing.status());
    assertEquals(401, wrong.status());
    assertEquals("Bearer", wrong.headers().get("WWW-Authenticate"));
    Stats stats = sandbox.stats("acme");
    assertEquals(2, stats.responses(401));
    assertEquals(0, stats.healthRequests() + stats.downloadRequests());
  }

  @Test
  void upload_wrongToken_answers401AndStoresNothing() throws IOException {
    SandboxHttp.Answer answer = http.upload(sandbox.baseUrl("acme"), "nope", batch());

    assertEquals(401, answer.status());
    assertEquals(0, sandbox.stats("acme").readingsHeld());
    assertEquals(0, sandbox.stats("acme").uploadRequests());
    assertEquals(0, sandbox.timesReceived("acme", "r-1"));
  }

  @Test
  void download_withAndWithoutCursor_cursorsKeptInArrivalOrder() throws IOException {
    sandbox.generateDownloadable("acme", 5);

    http.get(sandbox.baseUrl("acme") + "readings?limit=2", TOKEN);
    http.get(sandbox.baseUrl("acme") + "readings?cursor=2&limit=2", TOKEN);
    http.get(sandbox.baseUrl("acme") + "readings?cursor=2&limit=2", TOKEN + "x");

    assertEquals(
        java.util.List.of(java.util.Optional.empty(), java.util.Optional.of("2")),
        sandbox.downloadCursors("acme"),
        "an unauthenticated request is not counted");
  }

  @Test
  void request_unknownTenantOrPath_answers404() throws IOException {
    assertEquals(404, http.get(sandbox.baseUrl() + "tenants/nobody/health", TOKEN).status());
    assertEquals(404, http.get(sandbox.baseUrl("acme") + "nothing", TOKEN).status());
    assertEquals(404, http.get(sandbox.baseUrl() + "health", TOKEN).status());

    assertEquals(3, sandbox.unroutedRequests());
    assertEquals(0, sandbox.totals().responses());
  }

  @Test
  void request_wrongMethod_answers405() throws IOException {
    SandboxHttp.Answer answer = http.get(sandbox.baseUrl("acme") + "readings/batch", TOKEN);

    assertEquals(405, answer.status());
    assertEquals("POST", answer.headers().get("Allow"));
  }

  @Test
  void addTenant_whileServing_servesTheNewTenant() throws IOException {
    sandbox.addTenant("late", "late-secret");

    assertEquals(200, http.get(sandbox.baseUrl("late") + "health", "late-secret").status());
    assertEquals(Set.of("acme", "late"), sandbox.tenantIds());
    assertThrows(IllegalArgumentException.class, () -> sandbox.addTenant("late", "other"));
  }

  @Test
  void builder_invalidTenantIdOrBlankToken_refused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> SandboxClientSystem.builder().tenant("no spaces", "t").build());
    assertThrows(
        IllegalArgumentException.class,
        () -> SandboxClientSystem.builder().tenant("acme", " ").build());
    assertThrows(IllegalArgumentException.class, () -> sandbox.stats("nobody"));
  }

  @Test
  void start_twiceOrBaseUrlBeforeStart_refused() {
    SandboxClientSystem unstarted = SandboxClientSystem.builder().build();

    assertThrows(IllegalStateException.class, unstarted::baseUrl);
    assertThrows(IllegalStateException.class, sandbox::start);
    unstarted.close();
    assertThrows(IllegalStateException.class, unstarted::start);
  }

  @Test
  void close_afterStart_refusesConnections() {
    String url = sandbox.baseUrl("acme") + "health";

    sandbox.close();

    assertThrows(ConnectException.class, () -> http.get(url, TOKEN));
  }
}
