package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.adapters.postgres.testing.TestPostgres;
import org.metersync.bootstrap.BuildMigrations;
import org.metersync.bootstrap.JarProcess;

/**
 * Every command that writes is all or nothing: each is one statement ({@code tenant
 * set-batch-sizes}, {@code tenant reset-cursor}, {@code failed retry}) or one transaction ({@code
 * migrate}), so SIGKILL at any moment leaves either the state before or the state after. The
 * process is killed at seeded random moments: for {@code failed retry} and {@code migrate} while
 * their write is seen running in the database, for the one-row commands anywhere in the process's
 * life. After each kill the test waits until the database has finished with the dead process's
 * sessions, then checks the state.
 */
class CommandKillIT {

  private static final long SEED = Long.getLong("metersync.reliability.seed", 20_260_702L);
  private static final String TENANT = "kill-a";
  private static final String APPLICATION = "command-kill-it";
  private static final int FAILED = 100_000;

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private final SplittableRandom random = new SplittableRandom(SEED);

  @Test
  void failedRetry_killedWhileItsUpdateRuns_requeuesAllOrNone() {
    TestData data = new TestData(db);
    data.tenant(TENANT, 1000, 100);
    data.pendingReadings(TENANT, "f", FAILED);
    Path config = config(db);
    for (int round = 0; round < 2; round++) {
      failAll();
      JarProcess retry = command(config, "failed", "retry", "--tenant", TENANT, "--all");
      boolean seen = awaitWrite(db.dataSource(), retry, "update%meter_reading%");
      long delay = random.nextLong(0, 300);
      JarProcess.pause(delay);
      retry.kill();
      awaitSessionsGone(db.dataSource());

      long failed = Reliability.count(db.dataSource(), TENANT, "failed");
      long pending = Reliability.count(db.dataSource(), TENANT, "pending");
      System.out.printf(
          "command-kill failed-retry round %d: killed %d ms after its UPDATE was %s: %d failed,"
              + " %d pending%n",
          round, delay, seen ? "seen running" : "over", failed, pending);
      assertTrue(
          (failed == FAILED && pending == 0) || (failed == 0 && pending == FAILED),
          "all or nothing: " + failed + " failed, " + pending + " pending");
    }
  }

  @Test
  void migrate_killedWhileItsTransactionRuns_appliesAllOrNone() {
    for (int round = 0; round < 2; round++) {
      try (TestDatabase empty = TestPostgres.newDatabase()) {
        Path config = config(empty);
        JarProcess migrate = command(config, "migrate");
        boolean seen = awaitWrite(empty.dataSource(), migrate, "%");
        long delay = random.nextLong(0, 30);
        JarProcess.pause(delay);
        migrate.kill();
        awaitSessionsGone(empty.dataSource());

        long applied = appliedMigrations(empty.dataSource());
        long tables = tables(empty.dataSource());
        System.out.printf(
            "command-kill migrate round %d: killed %d ms after its transaction was %s: %d"
                + " migrations applied, %d tables%n",
            round, delay, seen ? "seen open" : "over", applied, tables);
        assertTrue(
            (applied == 0 && tables <= 1) || applied == BuildMigrations.count(),
            "all or nothing: " + applied + " migrations applied, " + tables + " tables");

        JarProcess again = command(config, "migrate");
        assertEquals(0, again.waitFor(Duration.ofMinutes(2)), again.tail());
        assertEquals(
            BuildMigrations.count(), appliedMigrations(empty.dataSource()), again.stdout());
      }
    }
  }

  @Test
  void setBatchSizesAndResetCursor_killedAnywhere_leaveBeforeOrAfter() {
    new TestData(db).tenant(TENANT, 1000, 100);
    Path config = config(db);
    long lifetime = lifetimeMillis(config);
    for (int round = 0; round < 2; round++) {
      db.execute(
          "UPDATE tenant SET download_batch_size = 1000, upload_batch_size = 100"
              + " WHERE tenant_id = '"
              + TENANT
              + "'");
      db.execute(
          "INSERT INTO download_cursor (tenant_id, cursor) VALUES ('"
              + TENANT
              + "', 'c-1') ON CONFLICT (tenant_id) DO NOTHING");
      boolean sizes = round % 2 == 0;
      JarProcess command =
          sizes
              ? command(
                  config,
                  "tenant",
                  "set-batch-sizes",
                  TENANT,
                  "--download",
                  "700",
                  "--upload",
                  "70")
              : command(config, "tenant", "reset-cursor", TENANT);
      long delay = random.nextLong(0, lifetime);
      JarProcess.pause(delay);
      command.kill();
      awaitSessionsGone(db.dataSource());

      String state =
          sizes
              ? Reliability.queryString(
                  db.dataSource(),
                  "SELECT download_batch_size || '/' || upload_batch_size FROM tenant"
                      + " WHERE tenant_id = ?",
                  TENANT)
              : Reliability.queryString(
                  db.dataSource(),
                  "SELECT count(*) || ' cursor' FROM download_cursor WHERE tenant_id = ?",
                  TENANT);
      System.out.printf(
          "command-kill %s round %d: killed %d ms after start (it takes %d ms): %s%n",
          sizes ? "set-batch-sizes" : "reset-cursor", round, delay, lifetime, state);
      assertTrue(
          sizes
              ? List.of("1000/100", "700/70").contains(state)
              : List.of("1 cursor", "0 cursor").contains(state),
          "before or after: " + state);
    }
  }

  /** How long {@code tenant set-batch-sizes} takes from start to exit, run once unkilled. */
  private long lifetimeMillis(Path config) {
    long start = System.nanoTime();
    JarProcess whole =
        command(
            config, "tenant", "set-batch-sizes", TENANT, "--download", "1000", "--upload", "100");
    assertEquals(0, whole.waitFor(Duration.ofMinutes(2)), whole.tail());
    return (System.nanoTime() - start) / 1_000_000;
  }

  private void failAll() {
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed', upload_attempts = 3,"
            + " last_error = 'refused' WHERE tenant_id = '"
            + TENANT
            + "'");
  }

  private JarProcess command(Path config, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return JarProcess.start("command", dir, List.of(), Reliability.ENVIRONMENT, all);
  }

  /** The database of {@code target}, its sessions named so that the test can find them. */
  private Path config(TestDatabase target) {
    String url = target.jdbcUrl() + (target.jdbcUrl().contains("?") ? "&" : "?");
    return Reliability.config(
        dir.resolve(target.name()),
        url + "ApplicationName=" + APPLICATION,
        target.user(),
        target.password(),
        List.of("database.poolSize=2"));
  }

  /**
   * Waits until a session of the command has written in a transaction still open (running a
   * statement like {@code like}), or the command has ended; true if the write was seen.
   */
  private static boolean awaitWrite(DataSource db, JarProcess command, String like) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                    + " AND backend_xid IS NOT NULL AND query ILIKE ?")) {
      st.setString(1, APPLICATION);
      st.setString(2, like);
      while (command.isAlive() && System.nanoTime() < deadline) {
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          if (rs.getLong(1) > 0) {
            return true;
          }
        }
      }
      return false;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until PostgreSQL has ended every session of the killed command. */
  private static void awaitSessionsGone(DataSource db) {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (Reliability.queryLong(
            db, "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", APPLICATION)
        > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the killed command's sessions did not end");
      }
      JarProcess.pause(20);
    }
  }

  private static long appliedMigrations(DataSource db) {
    if (Reliability.queryLong(
            db, "SELECT count(*) FROM pg_tables WHERE tablename = ?", "flyway_schema_history")
        == 0) {
      return 0;
    }
    return Reliability.queryLong(
        db, "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL");
  }

  private static long tables(DataSource db) {
    return Reliability.queryLong(
        db, "SELECT count(*) FROM pg_tables WHERE schemaname = ?", "public");
  }
}
