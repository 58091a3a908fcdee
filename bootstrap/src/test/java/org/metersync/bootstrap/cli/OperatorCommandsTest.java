package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.CommandLineRun;

class OperatorCommandsTest {

  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  @TempDir static Path dir;
  private static String config;

  @BeforeAll
  static void setUp() {
    data = new TestData(db);
    config = CommandLineRun.config(dir, db).toString();
    data.tenant("acme", 2000, 250);
    data.tenant("globex", null, null);
    data.pendingReadings("acme", "r", 5);
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed', upload_attempts = 5,"
            + " last_error = 'meter not registered' WHERE tenant_id = 'acme'"
            + " AND meter_reading_id IN ('r1', 'r2', 'r3')");
    db.execute(
        "UPDATE meter_reading SET is_synchronized = true, sync_status = 'synchronized'"
            + " WHERE tenant_id = 'acme' AND meter_reading_id = 'r4'");
  }

  @Test
  void tenants_listsEachTenantWithStateSizesCountsAndLag() {
    db.execute(
        "INSERT INTO tenant_sync_state (tenant_id, last_cycle_at, last_outcome,"
            + " last_successful_upload_at) VALUES ('globex', timestamptz '2026-03-01 12:00:00Z',"
            + " 'failed', now() - interval '2 hours')");

    CommandLineRun run = CommandLineRun.run("--config", config, "tenants");

    assertEquals(0, run.exitCode(), run.err());
    assertTrue(
        run.out()
            .lines()
            .findFirst()
            .orElseThrow()
            .matches(
                "TENANT\\s+STATE\\s+NAME\\s+CLIENT SYSTEM\\s+DOWNLOAD\\s+UPLOAD\\s+PENDING\\s+FAILED"
                    + "\\s+SYNCHRONIZED\\s+OLDEST PENDING\\s+LAST UPLOAD\\s+LAST DOWNLOAD\\s+LAST CYCLE"),
        run.out());
    // Pending and failed depend on whether "failed retry" ran first.
    String acme = line(run.out(), "acme");
    assertTrue(
        acme.matches(
            "acme\\s+enabled\\s+Tenant acme\\s+reference-rest\\s+2000\\s+250\\s+\\d\\s+\\d\\s+1"
                + "\\s+(\\d+[smhd])+\\s+never\\s+never\\s+never"),
        acme);
    String globex = line(run.out(), "globex");
    assertTrue(
        globex.matches(".* 1000 .*\\s+-\\s+2h0\\dm ago\\s+never\\s+2026-03-01T12:00:00Z failed: "),
        globex);
  }

  @Test
  void disableThenEnable_fromTheCommandLine_storedShownAndUnknownTenantExits2() {
    data.tenant("hooli", null, null);

    CommandLineRun disable = CommandLineRun.run("--config", config, "tenant", "disable", "hooli");
    CommandLineRun again = CommandLineRun.run("--config", config, "tenant", "disable", "hooli");
    CommandLineRun listed = CommandLineRun.run("--config", config, "tenants");

    assertEquals(0, disable.exitCode(), disable.err());
    assertTrue(disable.out().contains("tenant hooli: disabled"), disable.out());
    assertTrue(again.out().contains("tenant hooli: already disabled"), again.out());
    assertTrue(line(listed.out(), "hooli").matches("hooli\\s+disabled\\s.*"), listed.out());
    assertEquals(
        "false", data.queryString("SELECT enabled::text FROM tenant WHERE tenant_id = 'hooli'"));

    CommandLineRun enable = CommandLineRun.run("--config", config, "tenant", "enable", "hooli");
    CommandLineRun unknown = CommandLineRun.run("--config", config, "tenant", "enable", "nobody");

    assertEquals(0, enable.exitCode(), enable.err());
    assertTrue(enable.out().contains("tenant hooli: enabled"), enable.out());
    assertEquals(
        "true", data.queryString("SELECT enabled::text FROM tenant WHERE tenant_id = 'hooli'"));
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown tenant 'nobody'"), unknown.err());
  }

  @Test
  void setBatchSizes_valid_storesThem() {
    data.tenant("initech", null, null);

    CommandLineRun run =
        CommandLineRun.run(
            "--config",
            config,
            "tenant",
            "set-batch-sizes",
            "initech",
            "--download",
            "5000",
            "--upload",
            "400");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "5000/400",
        data.queryString(
            "SELECT download_batch_size || '/' || upload_batch_size FROM tenant"
                + " WHERE tenant_id = 'initech'"));
  }

  @Test
  void setBatchSizes_outOfRange_exits2NamingTheSizeAndWritesNothing() {
    CommandLineRun run =
        CommandLineRun.run(
            "--config",
            config,
            "tenant",
            "set-batch-sizes",
            "acme",
            "--download",
            "10001",
            "--upload",
            "100");

    assertEquals(2, run.exitCode());
    assertTrue(
        run.err().contains("download_batch_size must be between 1 and 10000, was 10001"),
        run.err());
    assertEquals(
        "2000/250",
        data.queryString(
            "SELECT download_batch_size || '/' || upload_batch_size FROM tenant"
                + " WHERE tenant_id = 'acme'"));
  }

  @Test
  void setBatchSizes_unknownTenant_exits2NamingIt() {
    CommandLineRun run =
        CommandLineRun.run(
            "--config",
            config,
            "tenant",
            "set-batch-sizes",
            "nobody",
            "--download",
            "10",
            "--upload",
            "10");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("unknown tenant 'nobody'"), run.err());
  }

  @Test
  void setBatchSizes_missingOption_exits2WithUsage() {
    CommandLineRun run =
        CommandLineRun.run(
            "--config", config, "tenant", "set-batch-sizes", "acme", "--upload", "5");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("Missing required option: '--download=N'"), run.err());
  }

  @Test
  void failedListThenRetry_requeuesChosenReadings() {
    CommandLineRun list =
        CommandLineRun.run("--config", config, "failed", "list", "--tenant", "acme");
    assertEquals(0, list.exitCode(), list.err());
    assertTrue(list.out().contains("meter not registered"), list.out());
    assertTrue(list.out().contains("3 failed reading(s)"), list.out());

    CommandLineRun retry =
        CommandLineRun.run("--config", config, "failed", "retry", "--tenant", "acme", "r1", "r9");

    assertEquals(0, retry.exitCode(), retry.err());
    assertTrue(retry.out().contains("1 failed reading(s) re-queued"), retry.out());
    assertTrue(retry.out().contains("1 of the given ids were not failed readings"), retry.out());
    assertEquals(
        "pending|0",
        data.queryString(
            "SELECT sync_status || '|' || upload_attempts FROM meter_reading"
                + " WHERE tenant_id = 'acme' AND meter_reading_id = 'r1'"));

    CommandLineRun all =
        CommandLineRun.run("--config", config, "failed", "retry", "--tenant", "acme", "--all");
    assertTrue(all.out().contains("2 failed reading(s) re-queued"), all.out());
    assertEquals("4/1/0", data.statusCounts("acme"));
  }

  @Test
  void resetCursor_storedCursor_forgottenAndUnknownTenantExits2() {
    db.execute("INSERT INTO download_cursor (tenant_id, cursor) VALUES ('globex', 'page-9')");

    CommandLineRun reset =
        CommandLineRun.run("--config", config, "tenant", "reset-cursor", "globex");
    CommandLineRun unknown =
        CommandLineRun.run("--config", config, "tenant", "reset-cursor", "nobody");

    assertEquals(0, reset.exitCode(), reset.err());
    assertTrue(reset.out().contains("download cursor reset"), reset.out());
    assertEquals(
        0, data.queryLong("SELECT count(*) FROM download_cursor WHERE tenant_id = 'globex'"));
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.err().contains("unknown tenant 'nobody'"), unknown.err());
  }

  @Test
  void badConfiguration_exits2NamingTheKey() throws java.io.IOException {
    Path bad =
        CommandLineRun.config(
            java.nio.file.Files.createDirectories(dir.resolve("bad")),
            db,
            "syncIntervalMinutes=soon");

    CommandLineRun run = CommandLineRun.run("--config", bad.toString(), "tenants");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("invalid configuration syncIntervalMinutes = 'soon'"), run.err());
  }

  @Test
  void missingConfigFileGivenExplicitly_exits2() {
    CommandLineRun run =
        CommandLineRun.run("--config", "/nonexistent/meter-sync.properties", "tenants");

    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("configuration file not found"), run.err());
  }

  private static String line(String text, String start) {
    return text.lines()
        .filter(l -> l.startsWith(start + " "))
        .findFirst()
        .orElse("(no line) " + text);
  }
}
