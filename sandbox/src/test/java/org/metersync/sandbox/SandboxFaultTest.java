package org.metersync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** Each switch has exactly its effect, only while set, and only on its endpoints. */
class SandboxFaultTest {

  private static final String TENANT = "acme";
  private static final String TOKEN = "acme-secret-7f3a";
  private static final long SEED = 20_260_101L;

  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private final SandboxClientSystem sandbox =
      SandboxClientSystem.builder().tenant(TENANT, TOKEN).seed(SEED).sleeper(slept::add).start();
  private final SandboxSwitches switches = sandbox.switches(TENANT);
  private final SandboxHttp http = new SandboxHttp();
  private final String base = sandbox.baseUrl(TENANT);

  @AfterEach
  void close() {
    http.close();
    sandbox.close();
  }

  private static List<SandboxReading> batch(String... ids) {
    List<SandboxReading> readings = new ArrayList<>();
    for (String id : ids) {
      readings.add(
          new SandboxReading(
              id, "M-1", Instant.parse("2026-01-01T00:00:00Z"), new BigDecimal("1.5"), "kWh"));
    }
    return readings;
  }

  private SandboxHttp.Answer health() throws IOException {
    return http.get(base + "health", TOKEN);
  }

  private SandboxHttp.Answer download() throws IOException {
    return http.get(base + "readings?limit=10", TOKEN);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503, 408, 413})
  void status_nextUpload_answersThatStatusOnceAndStoresNothing(int status) throws IOException {
    switches.failNext(1, Fault.status(status));

    SandboxHttp.Answer faulted = http.upload(base, TOKEN, batch("r-1"));
    SandboxHttp.Answer next = http.upload(base, TOKEN, batch("r-1"));

    assertEquals(status, faulted.status());
    assertEquals(200, next.status());
    assertEquals(List.of("accepted"), next.statuses());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(1, stats.faultsInjected());
    assertEquals(1, stats.responses(status));
    assertEquals(1, stats.accepted());
    assertEquals(2, sandbox.timesReceived(TENANT, "r-1"));
  }

  @Test
  void tooManyRequests_nextRequest_answers429WithRetryAfterSeconds() throws IOException {
    switches.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(7)));

    SandboxHttp.Answer faulted = download();

    assertEquals(429, faulted.status());
    assertEquals("7", faulted.headers().get("Retry-After"));
    assertEquals(200, download().status());
  }

  @Test
  void dropConnection_nextDownload_closesWithoutAnswerThenServesAgain() throws IOException {
    sandbox.generateDownloadable(TENANT, 3);
    switches.failNext(1, Fault.dropConnection(), Endpoint.DOWNLOAD);

    assertThrows(IOException.class, this::download);

    assertEquals(3, download().json().get("readings").size());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(1, stats.droppedConnections());
    assertEquals(1, stats.responses());
    assertEquals(3, stats.readingsServed());
  }

  @Test
  void hang_longerThanClientTimeout_clientTimesOutAndNothingIsStored() throws IOException {
    switches.failNext(1, Fault.hang(Duration.ofMinutes(5)), Endpoint.UPLOAD);

    try (SandboxHttp impatient = new SandboxHttp(Duration.ofMillis(300))) {
      assertThrows(InterruptedIOException.class, () -> impatient.upload(base, TOKEN, batch("r-1")));
    }

    assertEquals(0, sandbox.stats(TENANT).readingsHeld());
    assertEquals(1, sandbox.stats(TENANT).faultsInjected());
    assertEquals(List.of("accepted"), http.upload(base, TOKEN, batch("r-2")).statuses());
  }

  @Test
  void close_whileRequestHangs_releasesItAtOnce() throws IOException {
    switches.failUntilCleared(Fault.hang(Duration.ofMinutes(5)), Endpoint.HEALTH);
    try (SandboxHttp impatient = new SandboxHttp(Duration.ofMillis(200))) {
      assertThrows(InterruptedIOException.class, () -> impatient.get(base + "health", TOKEN));
    }
    long start = System.nanoTime();

    sandbox.close();

    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(4)) < 0);
  }

  @Test
  void slow_nextHealth_waitsThroughSleeperThenAnswers() throws IOException {
    switches.failNext(1, Fault.slow(Duration.ofSeconds(45)), Endpoint.HEALTH);

    SandboxHttp.Answer answer = health();

    assertEquals(200, answer.status());
    assertEquals("ok", answer.json().get("status").asText());
    assertEquals(List.of(Duration.ofSeconds(45)), slept);
  }

  @Test
  void latency_range_waitsTheDelaysTheSeedDraws() throws IOException {
    switches.latency(Latency.between(Duration.ofMillis(10), Duration.ofMillis(50)));
    for (int i = 0; i < 5; i++) {
      health();
    }
    switches.latency(Latency.NONE);
    health();

    SplittableRandom expected = new SplittableRandom(SEED);
    List<Duration> drawn = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      drawn.add(Duration.ofMillis(expected.nextLong(10, 51)));
    }
    assertEquals(drawn, slept);
  }

  @Test
  void latency_fixed_waitsThatDelayOnEveryEndpoint() throws IOException {
    switches.latency(Latency.fixed(Duration.ofMillis(25)));

    health();
    download();
    http.upload(base, TOKEN, batch("r-1"));

    assertEquals(Collections.nCopies(3, Duration.ofMillis(25)), slept);
  }

  @Test
  void malformedJson_nextUpload_storesTheBatchButAnswersNonJson() throws IOException {
    switches.failNext(1, Fault.malformedJson(), Endpoint.UPLOAD);

    SandboxHttp.Answer answer = http.upload(base, TOKEN, batch("r-1", "r-2"));

    assertEquals(200, answer.status());
    assertThrows(JsonProcessingException.class, () -> SandboxHttp.MAPPER.readTree(answer.body()));
    assertEquals(2, sandbox.stats(TENANT).readingsHeld());
    assertEquals(
        List.of("already_present", "already_present", "accepted"),
        http.upload(base, TOKEN, batch("r-1", "r-2", "r-3")).statuses());
  }

  @Test
  void malformedJson_nextDownload_answersNonJsonOnce() throws IOException {
    switches.failNext(1, Fault.malformedJson(), Endpoint.DOWNLOAD);

    SandboxHttp.Answer answer = download();

    assertThrows(JsonProcessingException.class, () -> SandboxHttp.MAPPER.readTree(answer.body()));
    assertFalse(download().json().get("hasMore").asBoolean());
  }

  @Test
  void ignoreLimit_nextDownload_answersTheWholeRestOnce() throws IOException {
    sandbox.generateDownloadable(TENANT, 15);
    switches.failNext(1, Fault.ignoreLimit());

    SandboxHttp.Answer whole = download();
    SandboxHttp.Answer next = download();

    assertEquals(15, whole.json().get("readings").size());
    assertFalse(whole.json().get("hasMore").asBoolean());
    assertEquals(10, next.json().get("readings").size());
    assertEquals(1, sandbox.stats(TENANT).faultsInjected());
  }

  @Test
  void ignoreLimit_onUpload_refusedAsDownloadOnly() {
    assertThrows(
        IllegalArgumentException.class,
        () -> switches.failNext(1, Fault.ignoreLimit(), Endpoint.UPLOAD));
  }

  @Test
  void wrongResultCount_nextUpload_answersOneResultFewer() throws IOException {
    switches.failNext(1, Fault.wrongResultCount());

    SandboxHttp.Answer answer = http.upload(base, TOKEN, batch("r-1", "r-2", "r-3"));

    assertEquals(List.of("r-1", "r-2"), answer.ids("results"));
    assertEquals(3, sandbox.stats(TENANT).readingsHeld());
    assertEquals(3, http.upload(base, TOKEN, batch("r-1", "r-2", "r-3")).statuses().size());
  }

  @Test
  void reject_untilCleared_rejectsTheGivenIdsWithReasonAndStoresTheRest() throws IOException {
    switches.failUntilCleared(Fault.reject("meter M-1 unknown", "r-2"));

    SandboxHttp.Answer first = http.upload(base, TOKEN, batch("r-1", "r-2"));
    SandboxHttp.Answer second = http.upload(base, TOKEN, batch("r-2", "r-3"));
    switches.clearFaults();
    SandboxHttp.Answer cleared = http.upload(base, TOKEN, batch("r-1", "r-2"));

    assertEquals(List.of("accepted", "rejected"), first.statuses());
    assertEquals("meter M-1 unknown", first.json().get("results").get(1).get("reason").asText());
    assertEquals(List.of("rejected", "accepted"), second.statuses());
    assertEquals(List.of("already_present", "accepted"), cleared.statuses());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(2, stats.rejected());
    assertEquals(2, stats.faultsInjected());
    assertEquals(0, stats.replayedUploads());
  }

  @Test
  void failBatchesContaining_untilCleared_failsOnlyBatchesHoldingTheReading() throws IOException {
    switches.failUntilCleared(Fault.failBatchesContaining("r-2"));

    SandboxHttp.Answer holding = http.upload(base, TOKEN, batch("r-1", "r-2", "r-3"));
    SandboxHttp.Answer without = http.upload(base, TOKEN, batch("r-1", "r-3"));
    SandboxHttp.Answer alone = http.upload(base, TOKEN, batch("r-2"));

    assertEquals(500, holding.status());
    assertTrue(holding.body().contains("[r-2]"), holding.body());
    assertEquals(List.of("accepted", "accepted"), without.statuses());
    assertEquals(500, alone.status());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(2, stats.readingsHeld());
    assertEquals(2, stats.faultsInjected());
    assertEquals(2, stats.responses(500));
  }

  @Test
  void acceptAndLoseResponse_nextUpload_storesThenDropsAndAResendIsReplayed() throws IOException {
    switches.failNext(1, Fault.acceptAndLoseResponse());
    List<SandboxReading> batch = batch("r-1", "r-2");

    assertThrows(IOException.class, () -> http.upload(base, TOKEN, batch));
    assertEquals(2, sandbox.stats(TENANT).readingsHeld());
    SandboxHttp.Answer resend = http.upload(base, TOKEN, batch);
    SandboxHttp.Answer recomposed = http.upload(base, TOKEN, batch("r-2"));

    assertEquals(List.of("accepted", "accepted"), resend.statuses());
    assertEquals(List.of("already_present"), recomposed.statuses());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(1, stats.replayedUploads());
    assertEquals(1, stats.droppedConnections());
    assertEquals(2, stats.accepted());
    assertEquals(1, stats.duplicates());
  }

  @Test
  void failNext_twoInjections_appliedOldestFirstThenCleared() throws IOException {
    switches.failNext(2, Fault.internalServerError()).failNext(1, Fault.badGateway());

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(health().status());
    }

    assertEquals(List.of(500, 500, 502, 200), statuses);
    assertEquals(0, switches.pendingInjections());
  }

  @Test
  void failNext_onUploads_leavesOtherEndpointsAndUnauthenticatedRequestsAlone() throws IOException {
    switches.failNext(1, Fault.serviceUnavailable(), Endpoint.UPLOAD);

    assertEquals(200, health().status());
    assertEquals(200, download().status());
    assertEquals(401, http.upload(base, "wrong", batch("r-1")).status());
    assertEquals(503, http.upload(base, TOKEN, batch("r-1")).status());
    assertEquals(200, http.upload(base, TOKEN, batch("r-1")).status());
  }

  @Test
  void failUntilCleared_dropConnection_dropsEveryRequestUntilCleared() throws IOException {
    switches.failUntilCleared(Fault.dropConnection(), Endpoint.HEALTH);

    assertThrows(IOException.class, this::health);
    assertThrows(IOException.class, this::health);
    switches.clearFaults();

    assertEquals(200, health().status());
    assertEquals(2, sandbox.stats(TENANT).droppedConnections());
  }

  @Test
  void errorRate_fixedSeed_failsExactlyTheRequestsTheSeedPicks() throws IOException {
    switches.errorRate(0.25, Fault.serviceUnavailable(), Endpoint.HEALTH);

    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      if (health().status() == 503) {
        failed.add(i);
      }
    }
    switches.errorRate(0.0, Fault.serviceUnavailable());
    int afterwards = health().status();

    SplittableRandom seeded = new SplittableRandom(SEED);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      if (seeded.nextDouble() < 0.25) {
        expected.add(i);
      }
    }
    assertEquals(expected, failed);
    assertEquals(59, failed.size());
    assertEquals(200, afterwards);
    assertEquals(59, sandbox.stats(TENANT).faultsInjected());
  }

  @Test
  void errorRate_one_failsEveryRequestOnItsEndpointOnly() throws IOException {
    switches.errorRate(1.0, Fault.badGateway(), Endpoint.DOWNLOAD);

    assertEquals(502, download().status());
    assertEquals(502, download().status());
    assertEquals(200, health().status());
  }

  @Test
  void failNext_uploadOnlyFaultOnDownload_isRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> switches.failNext(1, Fault.acceptAndLoseResponse(), Endpoint.DOWNLOAD));
    assertThrows(IllegalArgumentException.class, () -> switches.errorRate(1.5, Fault.badGateway()));
  }

  @Test
  void faultInjected_logsOneDebugLinePerFault_neverTheToken() throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(SandboxHandler.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
    try {
      switches.failNext(2, Fault.serviceUnavailable());
      health();
      http.upload(base, TOKEN, batch("r-1"));
      health();
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
    }

    List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertEquals(2, lines.stream().filter(line -> line.contains("injecting")).count(), "" + lines);
    assertTrue(lines.stream().allMatch(line -> line.contains("tenant=acme")), "" + lines);
    assertTrue(lines.stream().noneMatch(line -> line.contains(TOKEN)), "" + lines);
  }
}
