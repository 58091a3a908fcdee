package org.metersync.bootstrap.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.bootstrap.plugins.PluginJars.Plugin;
import org.metersync.spi.ClientSystemSpi;

/**
 * The example kind as an operator deploys it: the built service jar as a process, the example's jar
 * copied into its plug-ins directory, a tenant of kind {@code file-drop} whose endpoint is a
 * directory. Then the same jar with each kind of bad plug-in, which must stop it before it starts a
 * database, with exit status 2 and one line naming the jar.
 */
class PluginIT {

  private static final String TENANT = "drop";
  private static final String HEADER = "id,meterId,takenAt,value,unit";

  @TempDir Path dir;
  private Path plugins;
  private Path drop;

  @BeforeEach
  void setUp() throws IOException {
    plugins = Files.createDirectories(dir.resolve("plugins"));
    drop = dir.resolve("exchange").resolve(TENANT);
    Files.createDirectories(drop.resolve("inbox"));
    Files.createDirectories(drop.resolve("outbox"));
  }

  /** The example plug-in as the build made it. */
  private static Path exampleJar() {
    String jar = System.getProperty("metersync.example.fileDropJar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "metersync.example.fileDropJar does not name the example's jar (run through mvn verify): "
              + jar);
    }
    return Path.of(jar);
  }

  private Path config(List<String> lines) throws IOException {
    Path file = dir.resolve("meter-sync.properties");
    Files.write(file, lines);
    return file;
  }

  private JarProcess run(Path config, String name, String... args) {
    List<String> all = new ArrayList<>(List.of("--config", config.toString()));
    all.addAll(List.of(args));
    return JarProcess.run(name, dir, Map.of(), all.toArray(String[]::new));
  }

  @Test
  void fileDrop_syncOnce_everyLocalReadingInTheInboxOnceAndEveryOutboxReadingStoredOnce()
      throws IOException {
    Files.copy(exampleJar(), plugins.resolve("example-file-drop.jar"));
    try (TestDatabase db = TestDatabase.migrated()) {
      TestData data = new TestData(db);
      data.tenant(TENANT, 3, 4);
      data.pendingReadings(TENANT, "r", 10);
      db.execute(
          "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
              + " VALUES ('drop', 'hall/2', 'hall 2, \"east\"', '2026-03-29 01:30:00+02', 100.250,"
              + " 'm³')");
      outbox();
      Path config = config(configLines(db));

      JarProcess first = run(config, "sync-1", "sync", "--tenant", TENANT, "--once");

      assertEquals(0, first.exitCode(), first.tail());
      assertTrue(
          first.stderr().contains("client system kind 'file-drop' (" + plugins), first.tail());
      // Batch sizes 3 down and 4 up: several pages and batches, each cursor stored with its page.
      assertTrue(first.stdout().contains("drop download batch 3: 2 readings"), first.stdout());
      assertTrue(first.stdout().contains("drop upload batch 3: 3 readings"), first.stdout());
      assertInboxHoldsEveryLocalReading(data, 11);
      assertEquals(
          "11",
          data.queryString(
              "SELECT count(*) FROM meter_reading WHERE tenant_id = 'drop' AND origin = 'local'"
                  + " AND sync_status = 'synchronized'"));
      String downloaded = downloaded(data);
      assertEquals(
          "d1 m-1 2026-01-01T00:00:00 100.250 kWh;"
              + "d2 m-1 2026-01-01T00:15:00 -0.000001 kWh;"
              + "d3 m-2 2026-01-01T00:30:00 7 kWh;"
              + "d4 m-2 2026-01-01T00:45:00 12345678901234567890.123456789 kWh;"
              + "d5 m-3 2026-01-02T00:00:00 1 kWh;"
              + "d6 m,3 2026-01-02T00:15:00 2 kWh;"
              + "d7 m-3 2026-01-02T00:30:00 3 kWh",
          downloaded);
      assertEquals(
          "1|outbox file 20260102-0900.csv line 3: value 'n/a' is not a decimal number",
          data.queryString(
              "SELECT count(*) || '|' || min(reason) FROM reading_quarantine"
                  + " WHERE tenant_id = 'drop'"));

      // An edited reading goes up again and replaces its file; nothing else moves.
      db.execute(
          "UPDATE meter_reading SET value = 9.75 WHERE tenant_id = 'drop'"
              + " AND meter_reading_id = 'r3'");
      JarProcess second = run(config, "sync-2", "sync", "--tenant", TENANT, "--once");

      assertEquals(0, second.exitCode(), second.tail());
      assertTrue(
          second
              .stdout()
              .contains(
                  "uploaded 1 (1 accepted, 0 already present, 0 rejected (retry), 0 failed;"
                      + " 1 marked synchronized), downloaded 0"),
          second.stdout());
      assertInboxHoldsEveryLocalReading(data, 11);
      assertTrue(Files.readString(drop.resolve("inbox/r3.csv")).contains(",9.75,kWh\n"));
      assertEquals(downloaded, downloaded(data));
      assertEquals(
          "1",
          data.queryString("SELECT count(*) FROM reading_quarantine WHERE tenant_id = 'drop'"));
    }
  }

  /** Two files from the partner, with offsets, exact decimals, quoting and one bad line. */
  private void outbox() throws IOException {
    Files.writeString(
        drop.resolve("outbox/20260101-0900.csv"),
        HEADER
            + "\n"
            + "d1,m-1,2026-01-01T01:00:00+01:00,100.250,kWh\n"
            + "d2,m-1,2026-01-01T00:15:00Z,-0.000001,kWh\n"
            + "d3,m-2,2025-12-31T22:00:00-02:30,7,kWh\n"
            + "d4,m-2,2026-01-01T00:45:00Z,12345678901234567890.123456789,kWh\n");
    Files.writeString(
        drop.resolve("outbox/20260102-0900.csv"),
        "unit,id,meterId,takenAt,value\r\n"
            + "kWh,d5,m-3,2026-01-02T00:00:00Z,1\r\n"
            + "kWh,d-bad,m-3,2026-01-02T00:05:00Z,n/a\r\n"
            + "kWh,d6,\"m,3\",2026-01-02T00:15:00Z,2\r\n"
            + "\r\n"
            + "kWh,d7,m-3,2026-01-02T00:30:00Z,3\r\n");
  }

  private List<String> configLines(TestDatabase db) {
    List<String> lines = new ArrayList<>();
    lines.add("database.url=" + db.jdbcUrl());
    if (db.user() != null) {
      lines.add("database.user=" + db.user());
    }
    if (db.password() != null) {
      lines.add("database.password=" + db.password());
    }
    lines.add("database.poolSize=6");
    lines.add("plugins.directory=" + plugins);
    lines.add("tenants." + TENANT + ".kind=file-drop");
    lines.add("tenants." + TENANT + ".url=" + drop);
    return lines;
  }

  /** Exactly one file per local reading, holding its current data, and nothing else. */
  private void assertInboxHoldsEveryLocalReading(TestData data, int readings) throws IOException {
    Map<String, String> expected = new TreeMap<>();
    for (String row :
        data.queryString(
                "SELECT string_agg(meter_reading_id || '|' || meter_id || '|' || to_char(taken_at"
                    + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || '|' || value::text"
                    + " || '|' || unit, chr(10)) FROM meter_reading WHERE tenant_id = 'drop'"
                    + " AND origin = 'local'")
            .split("\n")) {
      String[] f = row.split("\\|");
      String name = f[0].replace("/", "%2F") + ".csv";
      String line = String.join(",", f[0], csv(f[1]), f[2], f[3], f[4]);
      expected.put(name, HEADER + "\n" + line + "\n");
    }
    Map<String, String> held = new TreeMap<>();
    try (Stream<Path> files = Files.list(drop.resolve("inbox"))) {
      for (Path file : files.toList()) {
        held.put(file.getFileName().toString(), Files.readString(file));
      }
    }
    assertEquals(readings, expected.size());
    assertEquals(expected, held);
  }

  private static String csv(String field) {
    return field.contains(",") || field.contains("\"")
        ? '"' + field.replace("\"", "\"\"") + '"'
        : field;
  }

  private static String downloaded(TestData data) {
    return data.queryString(
        "SELECT string_agg(meter_reading_id || ' ' || meter_id || ' ' || to_char(taken_at AT TIME"
            + " ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || ' ' || value::text || ' ' || unit, ';'"
            + " ORDER BY meter_reading_id) FROM meter_reading WHERE tenant_id = 'drop'"
            + " AND origin = 'downloaded'");
  }

  @Test
  void twoPluginsClaimingOneKind_exit2BeforeTheDatabaseNamingBothJars() throws IOException {
    Files.copy(exampleJar(), plugins.resolve("example-file-drop.jar"));
    Path rival = PluginJars.jar(plugins, "partner-file-drop.jar", Plugin.of("file-drop"));

    assertStopsWith(
        "meter-sync: plug-in "
            + rival
            + ": kind 'file-drop' is already provided by plug-in "
            + plugins.resolve("example-file-drop.jar")
            + "; remove one of them");
  }

  @Test
  void pluginBuiltForAnotherSpiVersion_exit2BeforeTheDatabaseNamingTheJar() throws IOException {
    Path jar =
        PluginJars.jar(
            plugins, "future.jar", Plugin.of("future").builtFor(ClientSystemSpi.VERSION + 1));

    assertStopsWith(
        "meter-sync: plug-in "
            + jar
            + ": kind 'future' was built for client-system SPI version "
            + (ClientSystemSpi.VERSION + 1)
            + ", this service has version "
            + ClientSystemSpi.VERSION
            + "; rebuild the plug-in against this meter-sync");
  }

  @Test
  void pluginThrowingWhileStarting_exit2BeforeTheDatabaseNamingTheJar() throws IOException {
    Path jar =
        PluginJars.jar(
            plugins,
            "licensed.jar",
            Plugin.of("licensed").failingToStart("licence file /etc/licensed.key not found"));

    assertStopsWith(
        "meter-sync: plug-in "
            + jar
            + ": kind 'licensed' failed while starting: java.lang.IllegalStateException: licence"
            + " file /etc/licensed.key not found");
  }

  /**
   * {@code run} on the default embedded database exits 2 with {@code line} as the only line on
   * standard error, and no database was started: plug-ins load first.
   */
  private void assertStopsWith(String line) throws IOException {
    Path config = config(List.of("plugins.directory=" + plugins, "server.port=0"));

    JarProcess run = run(config, "bad-plugin", "run");

    System.out.println("stderr of run with a bad plug-in: " + run.stderr().strip());
    assertEquals(2, run.exitCode(), run.tail());
    assertEquals(List.of(line), run.stderr().lines().toList());
    assertFalse(Files.exists(dir.resolve("data")), "an embedded database was started");
  }
}
