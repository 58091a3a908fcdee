package org.metersync.bootstrap.operations;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.CommandLineRun;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Every metric the dashboard and the alert rules read is on the real {@code /metrics}, with every
 * label key they select or group it by: the built jar syncs one tenant through a failed cycle, a
 * rejected reading and ok cycles, and its scrape is held against the kit.
 */
class OperatorKitIT {

  private static final String TENANT = "kit-a";
  private static final String TOKEN_ENV = "KIT_TOKEN";
  private static final String TOKEN = "kit-token-4d2e";

  /** Added by Prometheus to every scraped series, so never on {@code /metrics} itself. */
  private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

  /** Series Prometheus makes itself for each target. */
  private static final Pattern SCRAPE_SERIES = Pattern.compile("up|scrape_.*");

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+).*");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void setUp() {
    sandbox = SandboxClientSystem.builder().tenant(TENANT, TOKEN).start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void everyMetricTheKitReads_isScrapedWithTheLabelsItUses() throws Exception {
    TestData data = new TestData(db);
    data.tenant(TENANT, 1000, 25);
    data.pendingReadings(TENANT, "r", 100);
    sandbox.generateDownloadable(TENANT, 50);
    // The first upload fails (a failed cycle and a client error), then r7 is rejected every time.
    sandbox
        .switches(TENANT)
        // A request to wait fails the upload as a whole; a bare 5xx would be sent again in halves.
        .failNext(1, Fault.tooManyRequests(Duration.ofSeconds(1)), Endpoint.UPLOAD)
        .failUntilCleared(Fault.reject("meter not installed", "r7"), Endpoint.UPLOAD);
    Map<String, Set<String>> scraped;
    String last;
    try (JarProcess service = start()) {
      int port = service.healthPort();
      service.await(
          "a failed and an ok cycle, every accepted reading uploaded",
          Duration.ofSeconds(90),
          () -> cycledAndUploaded(get(port)));
      last = get(port);
      scraped = labelsBySample(last);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.stderr());
    }

    Map<String, Set<String>> missing = new TreeMap<>();
    Map<String, Set<String>> unlabelled = new TreeMap<>();
    for (OperatorKit.Use use : OperatorKit.ofSourceTree().uses()) {
      if (SCRAPE_SERIES.matcher(use.metric()).matches()) {
        continue;
      }
      Set<String> labels = scraped.get(use.metric());
      if (labels == null) {
        missing.computeIfAbsent(use.metric(), m -> new TreeSet<>()).add(use.where());
        continue;
      }
      Set<String> lacking = new TreeSet<>(use.labels());
      lacking.removeAll(TARGET_LABELS);
      lacking.removeAll(labels);
      if (!lacking.isEmpty()) {
        unlabelled
            .computeIfAbsent(use.metric() + " without " + lacking, m -> new TreeSet<>())
            .add(use.where());
      }
    }
    assertAll(
        () ->
            assertEquals(
                Map.of(),
                missing,
                "metrics the kit reads that /metrics does not have, and what reads them"),
        () -> assertEquals(Map.of(), unlabelled, "labels the kit needs that /metrics lacks"),
        // r7 refused alone, again and again, is one reading's problem, not a batch's.
        () ->
            assertEquals(
                Optional.of(0.0),
                value(last, "metersync_upload_rejected_batches_total"),
                "batches rejected for one reason"));
  }

  private static boolean cycledAndUploaded(String metrics) {
    Set<String> outcomes = new TreeSet<>();
    double uploaded = 0;
    for (String line : metrics.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      Map<String, String> labels = labelMap(sample.group(2));
      if (!TENANT.equals(labels.get("tenant"))) {
        continue;
      }
      if (sample.group(1).equals("metersync_cycle_duration_seconds_count")) {
        outcomes.add(labels.get("outcome"));
      }
      if (sample.group(1).equals("metersync_readings_uploaded_total")) {
        uploaded = Double.parseDouble(sample.group(3));
      }
    }
    return outcomes.containsAll(List.of("failed", "ok")) && uploaded >= 99;
  }

  /** The tenant's sample of {@code name}, if {@code /metrics} has one. */
  private static Optional<Double> value(String metrics, String name) {
    for (String line : metrics.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (!line.startsWith("#")
          && sample.matches()
          && sample.group(1).equals(name)
          && TENANT.equals(labelMap(sample.group(2)).get("tenant"))) {
        return Optional.of(Double.parseDouble(sample.group(3)));
      }
    }
    return Optional.empty();
  }

  /** Each sample name on {@code /metrics} with the label keys of all its series. */
  private static Map<String, Set<String>> labelsBySample(String metrics) {
    Map<String, Set<String>> samples = new TreeMap<>();
    for (String line : metrics.lines().toList()) {
      Matcher sample = SAMPLE.matcher(line);
      if (line.startsWith("#") || !sample.matches()) {
        continue;
      }
      samples
          .computeIfAbsent(sample.group(1), name -> new TreeSet<>())
          .addAll(labelMap(sample.group(2)).keySet());
    }
    return samples;
  }

  private static Map<String, String> labelMap(String labels) {
    Map<String, String> map = new TreeMap<>();
    if (labels != null) {
      Matcher label = LABEL.matcher(labels);
      while (label.find()) {
        map.put(label.group(1), label.group(2));
      }
    }
    return map;
  }

  private JarProcess start() throws IOException {
    Path config =
        CommandLineRun.config(
            dir,
            db,
            "server.port=0",
            "syncIntervalMinutes=0.02",
            "connectivityCheckIntervalMs=500",
            "backoff.initialMs=100",
            "backoff.maxMs=1000",
            "shutdownGraceMs=20000",
            "tenants." + TENANT + ".url=" + sandbox.baseUrl(TENANT),
            "tenants." + TENANT + ".credential=env:" + TOKEN_ENV);
    return JarProcess.start(
        "kit", dir, List.of(), Map.of(TOKEN_ENV, TOKEN), "--config", config.toString(), "run");
  }

  private static String get(int port) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.body());
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("GET /metrics failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
