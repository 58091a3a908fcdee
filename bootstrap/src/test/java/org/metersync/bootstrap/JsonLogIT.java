package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * {@code log.format=json} as a log pipeline reads it: the built jar runs cycles for two tenants
 * (uploads, downloads with a malformed reading, a failed upload), and every line it logged is one
 * JSON object with time, level, logger, thread and formatted message, its tenant, cycle and batch
 * as fields, and no credential.
 */
class JsonLogIT {

  private static final String A = "json-a";
  private static final String B = "json-b";
  private static final Map<String, String> TOKENS =
      Map.of(A, "json-token-a-4c1d9e", B, "json-token-b-7a2f0b");
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Pattern TENANT_IN_TEXT = Pattern.compile("tenant=([A-Za-z0-9_.-]+)");
  private static final Set<String> CYCLE_LOGGERS =
      Set.of(
          "org.metersync.application.TenantSyncCycle",
          "org.metersync.application.SyncManager",
          "org.metersync.application.MeterReadingUploadManager");
  private static final Pattern UPLOAD_BATCH = Pattern.compile("upload batch (\\d+):");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  @MigratedDatabase TestDatabase db;
  @TempDir Path dir;
  private SandboxClientSystem sandbox;

  @BeforeEach
  void startSandbox() {
    sandbox =
        SandboxClientSystem.builder().tenant(A, TOKENS.get(A)).tenant(B, TOKENS.get(B)).start();
  }

  @AfterEach
  void stopSandbox() {
    sandbox.close();
  }

  @Test
  void run_logFormatJson_everyLineIsOneObjectWithTheTenantsWorkAsFields() throws IOException {
    TestData data = new TestData(db);
    data.tenant(A, 10, 20);
    data.pendingReadings(A, "r", 100);
    sandbox.generateDownloadable(A, 25);
    sandbox.addDownloadableJson(
        A,
        List.of(
            "{\"id\":\"bad\",\"meterId\":\"M\",\"takenAt\":\"x\",\"value\":1,\"unit\":\"kWh\"}"));
    data.tenant(B, 10, 10);
    data.pendingReadings(B, "r", 30);
    // A request to wait fails the upload as a whole; a bare 5xx would be sent again in halves.
    sandbox.switches(B).failNext(1, Fault.tooManyRequests(Duration.ofSeconds(1)), Endpoint.UPLOAD);

    String log;
    String out;
    try (JarProcess service =
        JarProcess.start(
            "json",
            dir,
            List.of(),
            Map.of("JSON_TOKEN_A", TOKENS.get(A), "JSON_TOKEN_B", TOKENS.get(B)),
            "--config",
            config().toString(),
            "run")) {
      service.await(
          "both tenants synced",
          Duration.ofSeconds(90),
          () -> data.statusCounts(A).equals("0/125/0") && data.statusCounts(B).equals("0/30/0"));
      service.awaitLog(
          "a cycle of each tenant logged",
          Duration.ofSeconds(30),
          Pattern.compile("tenant=(" + A + "|" + B + ") cycle ok"),
          2);
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
      log = service.stderr();
      out = service.stdout();
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : log.lines().toList()) {
      JsonNode node = parse(line);
      assertLineShape(line, node);
      lines.add(node);
    }
    assertTrue(lines.size() > 20, log);
    for (String token : TOKENS.values()) {
      assertFalse(log.contains(token) || out.contains(token), "a token was logged");
    }
    assertTrue(
        lines.stream()
            .anyMatch(
                n ->
                    n.path("thread").asText().startsWith("meter-sync-pipeline-")
                        && A.equals(n.path("tenant").asText())
                        && "download".equals(n.path("operation").asText())
                        && n.path("batch").isNumber()),
        "the malformed reading's warning from the page fetched on a pipeline thread:\n" + log);
    assertTrue(
        lines.stream()
            .anyMatch(
                n ->
                    "WARN".equals(n.path("level").asText())
                        && B.equals(n.path("tenant").asText())
                        && n.path("message").asText().contains("upload of 10 readings failed")),
        "the failed upload's warning, with its tenant:\n" + log);
    System.out.printf("json logs: %d lines, each one object with its fields%n", lines.size());
  }

  private static void assertLineShape(String line, JsonNode node) {
    assertTrue(node.isObject(), line);
    assertTrue(LEVELS.contains(node.path("level").asText()), "level: " + line);
    OffsetDateTime.parse(node.path("timestamp").asText());
    for (String field : List.of("logger", "thread", "message")) {
      assertTrue(node.path(field).isTextual() && !node.path(field).asText().isEmpty(), line);
    }
    String message = node.path("message").asText();
    assertFalse(message.contains("{}"), "an unformatted template: " + line);
    Matcher named = TENANT_IN_TEXT.matcher(message);
    if (named.find()) {
      assertEquals(named.group(1), node.path("tenant").asText(), "tenant field: " + line);
    }
    String thread = node.path("thread").asText();
    if (thread.startsWith("sync-worker-") || thread.startsWith("meter-sync-pipeline-")) {
      assertTrue(node.path("tenant").isTextual(), "a tenant's work without its tenant: " + line);
    }
    if (CYCLE_LOGGERS.contains(node.path("logger").asText())) {
      assertTrue(node.path("cycle").asLong() >= 1 && node.path("tenant").isTextual(), line);
    }
    Matcher batch = UPLOAD_BATCH.matcher(message);
    if (batch.find()) {
      assertEquals("upload", node.path("operation").asText(), line);
      assertEquals(Long.parseLong(batch.group(1)), node.path("batch").asLong(), line);
      assertTrue(node.path("batch").isNumber() && node.path("cycle").asLong() >= 1, line);
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return fail("not one JSON object: " + line, e);
    }
  }

  private Path config() throws IOException {
    Path configDir = Files.createDirectories(dir.resolve("config"));
    return CommandLineRun.config(
        configDir,
        db,
        "log.format=json",
        "server.port=0",
        "workers=2",
        "database.poolSize=10",
        "syncIntervalMinutes=0.02",
        "connectivityCheckIntervalMs=300",
        "backoff.initialMs=100",
        "backoff.maxMs=500",
        "shutdownGraceMs=10000",
        "tenants." + A + ".url=" + sandbox.baseUrl(A),
        "tenants." + A + ".credential=env:JSON_TOKEN_A",
        "tenants." + B + ".url=" + sandbox.baseUrl(B),
        "tenants." + B + ".credential=env:JSON_TOKEN_B");
  }
}
