package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.SandboxClientSystem;
import org.metersync.sandbox.SandboxReading;

/** What the reliability scenarios share: configuration, the local ledger, the closing check. */
final class Reliability {

  /** The bearer token every sandbox tenant of the suite uses; handed over by environment. */
  static final String TOKEN = "rel-token-7f3a9c1e5b";

  static final String TOKEN_ENV = "RELIABILITY_TOKEN";
  static final Map<String, String> ENVIRONMENT = Map.of(TOKEN_ENV, TOKEN);

  private Reliability() {}

  /** A local reading as the sync database holds it. */
  record Local(
      String id,
      String meterId,
      java.time.Instant takenAt,
      BigDecimal value,
      String unit,
      String status) {
    boolean sameDataAs(SandboxReading held) {
      return meterId.equals(held.meterId())
          && takenAt.equals(held.takenAt())
          && value.compareTo(held.value()) == 0
          && unit.equals(held.unit());
    }
  }

  /** Writes {@code meter-sync.properties} in {@code dir}: the database and {@code lines}. */
  static Path config(Path dir, String jdbcUrl, String user, String password, List<String> lines) {
    StringBuilder text = new StringBuilder();
    text.append("database.url=").append(jdbcUrl).append('\n');
    if (user != null) {
      text.append("database.user=").append(user).append('\n');
    }
    if (password != null) {
      text.append("database.password=").append(password).append('\n');
    }
    lines.forEach(line -> text.append(line).append('\n'));
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve("meter-sync.properties");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The loop settings the scenarios use unless they say otherwise: quick cycles and back-off. */
  static List<String> quickLoop(int workers) {
    return List.of(
        "server.port=0",
        "workers=" + workers,
        "database.poolSize=" + (workers * 4 + 2),
        "database.connectTimeoutMs=2000",
        "syncIntervalMinutes=0.02",
        "connectivityCheckIntervalMs=300",
        "backoff.initialMs=100",
        "backoff.maxMs=1000",
        "shutdownGraceMs=10000",
        "http.connectTimeoutMs=1000",
        "http.readTimeoutMs=2000",
        "http.callTimeoutMs=3000",
        // Short, so that an instance started after a SIGKILL takes the tenants back soon.
        "lease.ttlMs=6000");
  }

  /** The configuration lines of a tenant synced with the sandbox. */
  static List<String> tenant(String id, SandboxClientSystem sandbox) {
    return tenant(id, sandbox.baseUrl(id));
  }

  static List<String> tenant(String id, String url) {
    return List.of(
        "tenants." + id + ".url=" + url, "tenants." + id + ".credential=env:" + TOKEN_ENV);
  }

  /** The service from the built jar, {@code run} with {@code config}, working in {@code dir}. */
  static JarProcess service(String name, Path dir, Path config) {
    return JarProcess.start(
        name, dir, List.of(), ENVIRONMENT, "--config", config.toString(), "run");
  }

  /** An operator's command from the built jar with {@code config}, run to completion. */
  static JarProcess command(String name, Path dir, Path config, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--config";
    all[1] = config.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return JarProcess.run(name, dir, ENVIRONMENT, all);
  }

  /** A quick loop of {@code workers} on the test database, syncing one tenant with the sandbox. */
  static Path sandboxConfig(
      Path dir, TestDatabase db, SandboxClientSystem sandbox, String tenant, int workers) {
    List<String> lines = new ArrayList<>(quickLoop(workers));
    lines.addAll(tenant(tenant, sandbox));
    return config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
  }

  /** The tenant's local (not downloaded) readings, by id. */
  static Map<String, Local> localReadings(DataSource db, String tenant) {
    return readings(db, tenant, "local");
  }

  /** The readings the tenant's downloads stored, by id. */
  static Map<String, Local> downloadedReadings(DataSource db, String tenant) {
    return readings(db, tenant, "downloaded");
  }

  private static Map<String, Local> readings(DataSource db, String tenant, String origin) {
    Map<String, Local> readings = new HashMap<>();
    try (Connection c = db.getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT meter_reading_id, meter_id, taken_at, value, unit, sync_status"
                    + " FROM meter_reading WHERE tenant_id = ? AND origin = ?")) {
      st.setString(1, tenant);
      st.setString(2, origin);
      st.setFetchSize(10_000);
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          Local local =
              new Local(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                  rs.getBigDecimal(4),
                  rs.getString(5),
                  rs.getString(6));
          readings.put(local.id(), local);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return readings;
  }

  /** How many of the tenant's readings have {@code status}. */
  static long count(DataSource db, String tenant, String status) {
    return queryLong(
        db,
        "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND sync_status = ?",
        tenant,
        status);
  }

  /** How many readings of every tenant are not synchronized. */
  static long unsynchronized(DataSource db) {
    return queryLong(db, "SELECT count(*) FROM meter_reading WHERE sync_status <> 'synchronized'");
  }

  static long queryLong(DataSource db, String sql, Object... params) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static String queryString(DataSource db, String sql, Object... params) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  static int update(DataSource db, String sql, Object... params) {
    try (Connection c = db.getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      return st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  /**
   * The closing check of a scenario: a reading is lost if it is not synchronized locally, or the
   * client system does not hold it, or holds other data; it is duplicated if the client system
   * stored it more than once or holds a reading the sync database does not have.
   */
  record Ledger(long readings, long lost, long duplicated, List<String> examples) {

    static Ledger of(DataSource db, SandboxClientSystem sandbox, List<String> tenants) {
      long readings = 0;
      long lost = 0;
      long duplicated = 0;
      List<String> examples = new ArrayList<>();
      for (String tenant : tenants) {
        Map<String, Local> local = localReadings(db, tenant);
        List<SandboxReading> held = sandbox.heldReadings(tenant);
        Map<String, SandboxReading> heldById = new HashMap<>();
        for (SandboxReading reading : held) {
          if (heldById.put(reading.id(), reading) != null) {
            duplicated++;
            note(examples, tenant + "/" + reading.id() + " held twice");
          }
        }
        readings += local.size();
        for (Local reading : local.values()) {
          SandboxReading copy = heldById.get(reading.id());
          if (copy == null
              || !reading.sameDataAs(copy)
              || !"synchronized".equals(reading.status())) {
            lost++;
            note(examples, tenant + "/" + reading.id() + " " + reading + " held as " + copy);
          }
        }
        for (String id : heldById.keySet()) {
          if (!local.containsKey(id)) {
            duplicated++;
            note(examples, tenant + "/" + id + " held but not in the sync database");
          }
        }
        long stores = sandbox.stats(tenant).accepted();
        if (stores > local.size()) {
          duplicated += stores - local.size();
          note(
              examples, tenant + ": " + stores + " first stores for " + local.size() + " readings");
        }
      }
      return new Ledger(readings, lost, duplicated, examples);
    }

    private static void note(List<String> examples, String example) {
      if (examples.size() < 10) {
        examples.add(example);
      }
    }

    /** Prints the scenario's summary line, then fails if anything was lost or duplicated. */
    void printAndCheck(String scenario) {
      System.out.printf(
          "%s: %d readings, %d lost, %d duplicated%n", scenario, readings, lost, duplicated);
      assertEquals(0, lost, scenario + " lost readings, e.g. " + examples);
      assertEquals(0, duplicated, scenario + " duplicated readings, e.g. " + examples);
    }
  }

  /** The numbers {@code N} of the log lines of {@code tenant} matching {@code "<text> N ms"}. */
  static List<Long> loggedMillis(String log, String tenant, String text) {
    Pattern pattern =
        Pattern.compile("tenant=" + Pattern.quote(tenant) + " .*" + text + " (\\d+) ms");
    List<Long> millis = new ArrayList<>();
    for (String line : log.lines().toList()) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        millis.add(Long.parseLong(m.group(1)));
      }
    }
    return millis;
  }
}
