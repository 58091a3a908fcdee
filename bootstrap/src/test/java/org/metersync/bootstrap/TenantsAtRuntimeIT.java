package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Tenants that come and go while the built jar runs, on a short interval: one inserted by SQL,
 * disabled and enabled again by the command line as a second process, moved to another client
 * system (its old cursor never sent there), and given a kind no one knows for a while.
 */
class TenantsAtRuntimeIT {

  private static final Duration BOUND = Duration.ofSeconds(90);
  private static final String CONFIGURED = "rt-conf";
  private static final String ADDED = "rt-sql";

  @MigratedDatabase TestDatabase db;
  @TempDir Path dir;
  private TestData data;
  private SandboxClientSystem first;
  private SandboxClientSystem second;
  private Path config;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(db);
    first =
        SandboxClientSystem.builder()
            .tenant(CONFIGURED, "token-conf")
            .tenant(ADDED, "token-sql")
            .start();
    second = SandboxClientSystem.builder().tenant(ADDED, "token-sql").start();
    config =
        CommandLineRun.config(
            Files.createDirectories(dir.resolve("config")),
            db,
            "server.port=0",
            "syncIntervalMinutes=0.02",
            "connectivityCheckIntervalMs=500",
            "backoff.initialMs=100",
            "backoff.maxMs=1000",
            "shutdownGraceMs=20000",
            "tenants." + CONFIGURED + ".url=" + first.baseUrl(CONFIGURED),
            "tenants." + CONFIGURED + ".credential=env:RT_CONF_TOKEN");
  }

  @AfterEach
  void tearDown() {
    first.close();
    second.close();
  }

  @Test
  void run_tenantsAddedDisabledEnabledMovedAndBroken_followedWithoutRestart() throws Exception {
    try (JarProcess service =
        JarProcess.start(
            "service",
            dir,
            List.of(),
            Map.of("RT_CONF_TOKEN", "token-conf", "RT_SQL_TOKEN", "token-sql"),
            "--config",
            config.toString(),
            "run")) {
      int port = service.healthPort();
      service.await("the configured tenant is synced", BOUND, () -> cycles() >= 1);

      // Added by SQL, as another instance's configuration or an operator would.
      first.generateDownloadable(ADDED, 30);
      db.execute(
          "INSERT INTO tenant (tenant_id, name, client_system_kind, client_system_url,"
              + " client_system_credential) VALUES ('"
              + ADDED
              + "', 'Added by SQL', 'reference-rest', '"
              + first.baseUrl(ADDED)
              + "', 'env:RT_SQL_TOKEN')");
      data.pendingReadings(ADDED, "a-", 40);
      service.await(
          "the tenant inserted by SQL is synced",
          BOUND,
          () -> data.statusCounts(ADDED).equals("0/70/0"));
      assertEquals(40, first.stats(ADDED).accepted());

      // Disabled by the command line, as a second process: not synced, its data kept.
      JarProcess disable = cli("disable", "tenant", "disable", ADDED);
      assertEquals(0, disable.exitCode(), disable.stderr());
      service.awaitLog(
          "the service hears of it",
          BOUND,
          Pattern.compile("tenant=" + ADDED + " disabled: not synced"),
          1);
      long uploadsBefore = first.stats(ADDED).uploadRequests();
      long downloadsBefore = first.stats(ADDED).downloadRequests();
      data.pendingReadings(ADDED, "b-", 10);
      long configuredCycles = cycles();
      service.await(
          "the configured tenant runs three more cycles",
          BOUND,
          () -> cycles() >= configuredCycles + 3);
      assertEquals("10/70/0", data.statusCounts(ADDED), "a disabled tenant is not synced");
      assertEquals(uploadsBefore, first.stats(ADDED).uploadRequests());
      assertEquals(downloadsBefore, first.stats(ADDED).downloadRequests());
      String health = get(port, "/health");
      System.out.println("TenantsAtRuntimeIT health, disabled:\n" + health);
      assertTrue(
          Pattern.compile("\"" + ADDED + "\" : \\{\\s+\"enabled\" : false").matcher(health).find(),
          health);
      assertTrue(
          get(port, "/metrics").contains("metersync_tenant_enabled{tenant=\"" + ADDED + "\"} 0.0"));

      JarProcess enable = cli("enable", "tenant", "enable", ADDED);
      assertEquals(0, enable.exitCode(), enable.stderr());
      service.await(
          "the enabled tenant is synced again",
          BOUND,
          () -> data.statusCounts(ADDED).equals("0/80/0"));

      // Moved to another client system: its cursor is the first one's and is never sent there.
      // The reference-rest kind stores the server's cursor behind a marker of its own.
      String oldCursor =
          data.queryString("SELECT cursor FROM download_cursor WHERE tenant_id = '" + ADDED + "'")
              .replaceFirst("^reference-rest:v1:", "");
      service.await(
          "the first client system gets the cursor it gave",
          BOUND,
          () -> first.downloadCursors(ADDED).contains(Optional.of(oldCursor)));
      // The same readings the first one served (the sandbox makes the same ids): a move to a
      // copy of the client system, where downloading from the beginning stores nothing twice.
      second.generateDownloadable(ADDED, 12);
      db.execute(
          "UPDATE tenant SET client_system_url = '"
              + second.baseUrl(ADDED)
              + "' WHERE tenant_id = '"
              + ADDED
              + "'");
      // Once the second is asked for readings, no cycle on the first is left: new readings go
      // there.
      service.await(
          "the second client system is asked for readings",
          BOUND,
          () -> !second.downloadCursors(ADDED).isEmpty());
      data.pendingReadings(ADDED, "c-", 5);
      String storedEndpoint =
          "SELECT coalesce(client_system_endpoint, '') FROM download_cursor WHERE tenant_id = '"
              + ADDED
              + "'";
      service.await(
          "the second client system is synced with and its cursor stored",
          BOUND,
          () ->
              data.statusCounts(ADDED).equals("0/85/0")
                  && data.queryString(storedEndpoint).equals(second.baseUrl(ADDED)));
      List<Optional<String>> sent = second.downloadCursors(ADDED);
      assertEquals(Optional.empty(), sent.get(0), "the download from the second starts afresh");
      assertTrue(!sent.contains(Optional.of(oldCursor)), "old cursor never sent: " + sent);
      assertEquals(5, second.stats(ADDED).accepted());
      assertEquals(12, second.stats(ADDED).readingsServed(), "served once, from the beginning");
      assertTrue(
          service.count(Pattern.compile("tenant=" + ADDED + " download cursor was written for"))
              >= 1,
          service.tail());

      // A kind no one knows: warned, marked in /health, retried; the other tenant goes on.
      db.execute(
          "UPDATE tenant SET client_system_kind = 'no-such-kind' WHERE tenant_id = '"
              + ADDED
              + "'");
      service.await(
          "the broken tenant is marked in /health",
          BOUND,
          () -> get(port, "/health").contains("unknown client system kind 'no-such-kind'"));
      System.out.println("TenantsAtRuntimeIT health, broken:\n" + get(port, "/health"));
      long afterBreak = cycles();
      service.await("the other tenant goes on", BOUND, () -> cycles() >= afterBreak + 2);
      assertEquals(
          1,
          service.count(Pattern.compile("WARN.*tenant=" + ADDED + " not synced .*no-such-kind")),
          service.tail());
      db.execute(
          "UPDATE tenant SET client_system_kind = 'reference-rest' WHERE tenant_id = '"
              + ADDED
              + "'");
      data.pendingReadings(ADDED, "d-", 3);
      service.await(
          "the mended tenant is synced again",
          BOUND,
          () -> data.statusCounts(ADDED).equals("0/88/0"));

      String metrics = get(port, "/metrics");
      String tenants = cli("tenants", "tenants").stdout();
      System.out.println("TenantsAtRuntimeIT tenants:\n" + tenants);
      System.out.println(
          "TenantsAtRuntimeIT metrics:\n"
              + metrics
                  .lines()
                  .filter(l -> l.contains("tenant=\"" + ADDED + "\""))
                  .filter(l -> !l.startsWith("#"))
                  .reduce("", (a, b) -> a + b + "\n"));
      System.out.println("TenantsAtRuntimeIT health:\n" + get(port, "/health"));
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.stderr());
    }
  }

  /** Cycles the configured tenant has run: its download requests, one per cycle at least. */
  private long cycles() {
    return first.stats(CONFIGURED).downloadRequests();
  }

  private JarProcess cli(String name, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return JarProcess.run(name, dir, Map.of(), all);
  }

  private static String get(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new AssertionError("GET " + path + " failed", e);
    }
  }
}
