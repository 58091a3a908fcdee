package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 9 (credentials): a full run with every logger at TRACE (OkHttp's headers included),
 * uploads, downloads, failures and a tenant whose token the client system refuses (401): neither
 * token, from the environment or from a file, appears in the logs, the output, /health or /metrics.
 */
class CredentialLeakIT {

  private static final String GOOD = "leak-good";
  private static final String REFUSED = "leak-refused";
  private static final String FILE_TOKEN = "file-token-9d8c7b6a5f4e";

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    sandbox =
        SandboxClientSystem.builder()
            .tenant(GOOD, Reliability.TOKEN)
            .tenant(REFUSED, "the-token-the-sandbox-expects")
            .start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void fullRunAtTrace_neverLogsACredential() throws Exception {
    TestData data = new TestData(db);
    data.tenant(GOOD, 100, 20);
    data.pendingReadings(GOOD, "r", 100);
    data.tenant(REFUSED, 100, 20);
    data.pendingReadings(REFUSED, "r", 10);
    sandbox.generateDownloadable(GOOD, 50);
    sandbox.switches(GOOD).failNext(2, Fault.serviceUnavailable(), Endpoint.UPLOAD);
    Path secret = Files.writeString(dir.resolve("refused.token"), FILE_TOKEN + "\n");
    List<String> lines = new ArrayList<>(Reliability.quickLoop(2));
    lines.addAll(Reliability.tenant(GOOD, sandbox));
    lines.add("tenants." + REFUSED + ".url=" + sandbox.baseUrl(REFUSED));
    lines.add("tenants." + REFUSED + ".credential=file:" + secret);
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
    Path logback =
        Path.of(getClass().getResource("/reliability-trace-logback.xml").toURI()).toAbsolutePath();

    String health;
    String metrics;
    String log;
    try (JarProcess service =
        JarProcess.start(
            "leak",
            dir,
            List.of("-Dlogback.configurationFile=" + logback),
            Reliability.ENVIRONMENT,
            "--config",
            config.toString(),
            "run")) {
      int port = service.healthPort();
      service.await(
          "the good tenant synchronized and downloaded",
          Duration.ofSeconds(60),
          () ->
              Reliability.count(db.dataSource(), GOOD, "synchronized") == 150
                  && service.stderr().contains("tenant=" + REFUSED));
      service.awaitLog(
          "the refused token reported",
          Duration.ofSeconds(30),
          Pattern.compile("tenant=" + REFUSED + ".*(401|authentication|auth)"),
          1);
      health = get(port, "/health");
      metrics = get(port, "/metrics");
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
      log = service.stderr() + service.stdout();
    }

    assertTrue(log.contains("Authorization"), "TRACE shows the headers (redacted)");
    assertTrue(log.contains("TRACE") && log.contains("DEBUG"), "TRACE and DEBUG lines present");
    for (String token : List.of(Reliability.TOKEN, FILE_TOKEN)) {
      assertFalse(log.contains(token), "token in the log:\n" + lineWith(log, token));
      assertFalse(health.contains(token), health);
      assertFalse(metrics.contains(token), "token in /metrics");
    }
    System.out.printf(
        "credentials: %d log lines at TRACE, health and metrics checked, 0 tokens%n",
        log.lines().count());
  }

  private static String lineWith(String log, String token) {
    return log.lines().filter(l -> l.contains(token)).findFirst().orElse("");
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
