package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario: one tenant's client system answers its downloads with a 600 MB chunked body (one long
 * string) to the service running in 256 MB of heap, while another tenant syncs with a well-behaved
 * one. Each of the bad tenant's calls ends at the largest answer with a clear error naming the
 * tenant, the good tenant syncs, and the process stays up and stops cleanly.
 */
class OversizedAnswerIT {

  private static final String BAD = "flood";
  private static final String GOOD = "steady";
  private static final long FLOOD_BYTES = 600L * 1024 * 1024;
  private static final int READINGS = 200;
  private static final int FEED = 300;

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;
  private HttpServer flood;
  private ExecutorService floodThreads;
  private final AtomicLong floodAnswers = new AtomicLong();
  private final AtomicLong mostBytesSent = new AtomicLong();

  @BeforeEach
  void setUp() throws IOException {
    sandbox = SandboxClientSystem.builder().tenant(GOOD, Reliability.TOKEN).start();
    flood = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    floodThreads = Executors.newFixedThreadPool(2);
    flood.setExecutor(floodThreads);
    flood.createContext("/" + BAD + "/", this::serveFlood);
    flood.start();
  }

  @AfterEach
  void tearDown() {
    flood.stop(0);
    floodThreads.shutdownNow();
    sandbox.close();
  }

  /** Health answers; every other request gets the 600 MB body, until the client hangs up. */
  private void serveFlood(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      if (exchange.getRequestURI().getPath().endsWith("/health")) {
        byte[] ok = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
        return;
      }
      floodAnswers.incrementAndGet();
      exchange.sendResponseHeaders(200, 0);
      long sent = 0;
      try (OutputStream out = exchange.getResponseBody()) {
        byte[] start = "{\"readings\":[{\"id\":\"".getBytes(StandardCharsets.UTF_8);
        out.write(start);
        sent += start.length;
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        while (sent < FLOOD_BYTES) {
          out.write(piece);
          sent += piece.length;
        }
        out.write("\"}],\"hasMore\":false}".getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The client hung up: what the test expects.
      } finally {
        mostBytesSent.accumulateAndGet(sent, Math::max);
      }
    }
  }

  @Test
  void floodingTenant_failsEachCallClearly_otherTenantSyncs_processStaysUp() {
    TestData data = new TestData(db);
    data.tenant(BAD, 1000, 100);
    data.tenant(GOOD, 100, 50);
    data.pendingReadings(GOOD, "s", READINGS);
    sandbox.generateDownloadable(GOOD, FEED);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(2));
    lines.addAll(
        Reliability.tenant(
            BAD, "http://127.0.0.1:" + flood.getAddress().getPort() + "/" + BAD + "/"));
    lines.addAll(Reliability.tenant(GOOD, sandbox));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
    String error =
        "tenant "
            + BAD
            + ", reference-rest client system, download: the answer is larger than the limit of"
            + " 16777216 bytes (maxResponseBytes)";

    try (JarProcess service = Reliability.service("oversized", dir, config)) {
      service.await(
          "the good tenant synchronized and downloaded",
          Duration.ofSeconds(60),
          () ->
              Reliability.count(db.dataSource(), GOOD, "synchronized") == READINGS + FEED
                  && Reliability.downloadedReadings(db.dataSource(), GOOD).size() == FEED);
      service.awaitLog(
          "three of the bad tenant's cycles failed on the clear error",
          Duration.ofSeconds(60),
          Pattern.compile(
              "tenant=" + BAD + " cycle failed \\(\\d+ in a row\\): " + Pattern.quote(error)),
          3);
      assertTrue(service.isAlive(), service.tail());
      assertFalse(service.stderr().contains("OutOfMemoryError"), service.tail());
      long sent = mostBytesSent.get();
      assertTrue(sent < FLOOD_BYTES / 10, "at most " + sent + " bytes were sent to one call");
      System.out.printf(
          "oversized-answer: %d calls answered with %d MB each, at most %.1f MB sent before the"
              + " call ended, heap 256 MB%n",
          floodAnswers.get(), FLOOD_BYTES >> 20, sent / 1048576.0);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    Reliability.Ledger.of(db.dataSource(), sandbox, List.of(GOOD))
        .printAndCheck("oversized-answer");
  }
}
