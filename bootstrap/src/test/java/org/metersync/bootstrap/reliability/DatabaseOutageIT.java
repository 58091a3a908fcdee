package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.SchemaMigrator;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 6: PostgreSQL is stopped while the service uploads, and started again on the same data
 * directory and port. The service logs the outage, reports itself down on /health, keeps its loop
 * (same process), resumes by itself, and its tenant-change listener comes back (a batch-size change
 * made after the outage applies on the next cycle, long before the cache's safety-net expiry).
 * Batches are marked whole: the synchronized readings are always a prefix of whole batches.
 */
class DatabaseOutageIT {

  private static final String TENANT = "outage-a";
  private static final int READINGS = 3_000;
  private static final int BATCH = 50;

  @TempDir Path dir;
  private EmbeddedPostgres postgres;
  private SandboxClientSystem sandbox;

  @AfterEach
  void tearDown() throws IOException {
    if (sandbox != null) {
      sandbox.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void postgresStoppedAndRestarted_serviceLogsItKeepsItsLoopAndResumes() throws Exception {
    int port = freePort();
    Path data = dir.resolve("pgdata");
    postgres = startPostgres(data, port);
    DataSource db = postgres.getPostgresDatabase();
    SchemaMigrator.migrate(db);
    Reliability.update(
        db,
        "INSERT INTO tenant (tenant_id, name, upload_batch_size) VALUES (?, 'Outage', ?)",
        TENANT,
        BATCH);
    Reliability.update(
        db,
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " SELECT ?, 'r' || g, 'meter-' || (g % 7), timestamptz '2026-01-01 00:00:00Z'"
            + " + g * interval '15 minutes', g * 0.25, 'kWh' FROM generate_series(1, ?) g"
            + " ORDER BY g",
        TENANT,
        READINGS);
    sandbox = SandboxClientSystem.builder().tenant(TENANT, Reliability.TOKEN).start();
    sandbox.switches(TENANT).latency(Latency.fixed(Duration.ofMillis(40)));
    List<String> lines = new ArrayList<>(Reliability.quickLoop(2));
    lines.add("database.connectTimeoutMs=1000");
    lines.addAll(Reliability.tenant(TENANT, sandbox));
    Path config =
        Reliability.config(
            dir.resolve("service"),
            "jdbc:postgresql://localhost:" + port + "/postgres",
            "postgres",
            null,
            lines);

    try (JarProcess service = Reliability.service("outage", dir.resolve("service"), config)) {
      int health = service.healthPort();
      service.await(
          "some batches synchronized",
          Duration.ofSeconds(60),
          () -> Reliability.count(db, TENANT, "synchronized") >= 10L * BATCH);
      long pid = service.pid();

      postgres.close();
      postgres = null;
      service.awaitLog(
          "the outage logged on two cycles",
          Duration.ofSeconds(60),
          Pattern.compile("ERROR .*tenant=" + TENANT + " cycle failed: .*next attempt in"),
          2);
      assertEquals(503, status(health), "health while the database is down");

      postgres = startPostgres(data, port);
      DataSource again = postgres.getPostgresDatabase();
      long marked = Reliability.count(again, TENANT, "synchronized");
      assertEquals(0, marked % BATCH, "whole batches marked: " + marked);
      assertEquals(
          marked,
          Reliability.queryLong(
              again,
              "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND sync_status ="
                  + " 'synchronized' AND substr(meter_reading_id, 2)::int <= ?",
              TENANT,
              marked),
          "the synchronized readings are the oldest ones");
      service.await(
          "every reading synchronized after the outage",
          Duration.ofSeconds(90),
          () -> Reliability.count(again, TENANT, "synchronized") == READINGS);
      assertEquals(200, status(health), "health after the outage");

      // The tenant-change listener reconnected: a change applies on the next cycle.
      Reliability.update(
          again, "UPDATE tenant SET upload_batch_size = 7 WHERE tenant_id = ?", TENANT);
      service.awaitLog(
          "the new batch size in use",
          Duration.ofSeconds(30),
          Pattern.compile(
              "tenant=" + TENANT + " batch config: downloadBatchSize=1000 uploadBatchSize=7"),
          1);
      Reliability.update(
          again,
          "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
              + " SELECT ?, 'late' || g, 'meter-1', timestamptz '2026-03-01 00:00:00Z'"
              + " + g * interval '1 minute', g, 'kWh' FROM generate_series(1, 21) g ORDER BY g",
          TENANT);
      service.await(
          "the late readings synchronized",
          Duration.ofSeconds(60),
          () -> Reliability.count(again, TENANT, "synchronized") == READINGS + 21);
      List<Integer> sizes = sandbox.stats(TENANT).uploadBatchSizes();
      assertEquals(List.of(7, 7, 7), sizes.subList(sizes.size() - 3, sizes.size()), "" + sizes);

      assertTrue(service.isAlive());
      assertEquals(pid, service.pid(), "same process throughout");
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
      System.out.printf(
          "database-outage: %d cycle failures logged while down%n",
          service.count(Pattern.compile("tenant=" + TENANT + " cycle failed")));
      Reliability.Ledger.of(again, sandbox, List.of(TENANT)).printAndCheck("database-outage");
    }
  }

  private static EmbeddedPostgres startPostgres(Path data, int port) throws IOException {
    return EmbeddedPostgres.builder()
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPort(port)
        .start();
  }

  private static int status(int port) throws Exception {
    return HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
