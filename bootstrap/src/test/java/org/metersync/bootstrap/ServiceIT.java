package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;

/** The service as operators run it: the built jar, a real database, a client system on loopback. */
class ServiceIT {

  private static SandboxClientSystem sandbox;
  // A database per test: tenants of other tests would need credentials in this test's config.
  @MigratedDatabase TestDatabase db;
  private TestData data;
  @TempDir Path dir;

  @BeforeEach
  void newTestData() {
    data = new TestData(db);
  }

  @BeforeAll
  static void setUp() {
    sandbox =
        SandboxClientSystem.builder()
            .tenant("e2e-a", "token-a")
            .tenant("e2e-b", "token-b")
            .tenant("e2e-c", "token-c")
            .start();
  }

  @AfterAll
  static void tearDown() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  void run_uploadsAllReadingsInConfiguredBatchSizesMarksThemAndServesHealthAndMetrics()
      throws Exception {
    data.tenant("e2e-a", 100, 40);
    data.pendingReadings("e2e-a", "local-", 1000);
    sandbox.generateDownloadable("e2e-a", 250);

    try (JarProcess service = start("e2e-a")) {
      service.await(
          "the service gets there",
          Duration.ofSeconds(90),
          () -> data.statusCounts("e2e-a").equals("0/1250/0"));
      int port = service.healthPort();

      HttpResponse<String> health = get(port, "/health");
      HttpResponse<String> metrics = get(port, "/metrics");
      service.terminate();

      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.stderr());
      assertEquals(200, health.statusCode());
      assertTrue(health.body().contains("\"status\" : \"UP\""), health.body());
      assertTrue(health.body().contains("\"e2e-a\""), health.body());
      assertEquals(200, metrics.statusCode());
      assertTrue(
          metrics.body().contains("metersync_readings_uploaded_total{tenant=\"e2e-a\"} 1000.0"),
          metrics.body());
      assertTrue(metrics.body().contains("metersync_sql_statements_total{tenant=\"e2e-a\"}"));
      assertTrue(metrics.body().contains("metersync_http_requests_seconds_count{outcome=\"2xx\"}"));
    }
    var stats = sandbox.stats("e2e-a");
    assertEquals(25, stats.uploadBatchSizes().size());
    assertTrue(stats.uploadBatchSizes().stream().allMatch(size -> size == 40), stats.toString());
    assertTrue(stats.downloadLimits().stream().allMatch(limit -> limit == 100), stats.toString());
    assertEquals(1000, stats.accepted());
    assertEquals(0, stats.duplicates());
  }

  @Test
  void setBatchSizes_fromSecondProcess_appliesToRunningServicesNextCycle() throws Exception {
    data.tenant("e2e-b", 1000, 20);
    data.pendingReadings("e2e-b", "first-", 100);

    try (JarProcess service = start("e2e-b")) {
      service.await(
          "the service gets there",
          Duration.ofSeconds(90),
          () -> data.statusCounts("e2e-b").equals("0/100/0"));
      JarProcess change =
          JarProcess.run(
              "set-batch-sizes",
              dir,
              Map.of(),
              "--config",
              config("e2e-b").toString(),
              "tenant",
              "set-batch-sizes",
              "e2e-b",
              "--download",
              "1000",
              "--upload",
              "7");
      assertEquals(0, change.exitCode(), change.stderr());
      data.pendingReadings("e2e-b", "second-", 21);

      service.await(
          "the service gets there",
          Duration.ofSeconds(90),
          () -> data.statusCounts("e2e-b").equals("0/121/0"));
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.stderr());
    }
    List<Integer> sizes = sandbox.stats("e2e-b").uploadBatchSizes();
    assertEquals(List.of(20, 20, 20, 20, 20, 7, 7, 7), sizes);
  }

  @Test
  void sigterm_duringUpload_leavesEveryReadingSynchronizedOrPendingNeverMarkedUnaccepted()
      throws Exception {
    data.tenant("e2e-c", 1000, 50);
    data.pendingReadings("e2e-c", "r", 4000);
    sandbox.switches("e2e-c").latency(Latency.fixed(Duration.ofMillis(100)));

    try (JarProcess service = start("e2e-c")) {
      service.await(
          "the service gets there",
          Duration.ofSeconds(90),
          () -> sandbox.stats("e2e-c").uploadRequests() >= 5);
      service.terminate();

      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.stderr());
    }
    long synchronizedCount =
        data.queryLong(
            "SELECT count(*) FROM meter_reading WHERE tenant_id = 'e2e-c'"
                + " AND sync_status = 'synchronized'");
    List<String> synchronizedIds =
        List.of(
            data.queryString(
                    "SELECT coalesce(string_agg(meter_reading_id, ','), '') FROM meter_reading"
                        + " WHERE tenant_id = 'e2e-c' AND sync_status = 'synchronized'")
                .split(","));
    assertTrue(synchronizedCount > 0 && synchronizedCount < 4000, "stopped mid-way");
    for (String id : synchronizedIds) {
      assertTrue(sandbox.heldReading("e2e-c", id).isPresent(), id + " marked but not accepted");
    }
    assertEquals(
        "%d/%d/0".formatted(4000 - synchronizedCount, synchronizedCount),
        data.statusCounts("e2e-c"));
    assertEquals(
        synchronizedCount, sandbox.stats("e2e-c").accepted(), "no accepted batch unmarked");
  }

  private JarProcess start(String tenant) throws IOException {
    return JarProcess.start(
        tenant,
        dir,
        List.of(),
        Map.of("E2E_TOKEN", "token-" + tenant.substring(4)),
        "--config",
        config(tenant).toString(),
        "run");
  }

  private Path config(String tenant) throws IOException {
    Path tenantDir = Files.createDirectories(dir.resolve(tenant));
    return CommandLineRun.config(
        tenantDir,
        db,
        "server.port=0",
        "syncIntervalMinutes=0.02",
        "connectivityCheckIntervalMs=500",
        "backoff.initialMs=100",
        "backoff.maxMs=1000",
        "shutdownGraceMs=20000",
        "tenants." + tenant + ".url=" + sandbox.baseUrl(tenant),
        "tenants." + tenant + ".credential=env:E2E_TOKEN");
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
