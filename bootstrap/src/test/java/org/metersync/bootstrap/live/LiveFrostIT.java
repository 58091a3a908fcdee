package org.metersync.bootstrap.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;

/**
 * Checks against a live FROST-Server 2.4.2 (issue 12): the built jar syncs one {@code sensorthings}
 * tenant with the server named by {@code -Dmetersync.test.frostUrl}, and the server's own API says
 * what it holds afterwards. Run only by the {@code live-frost} profile: CI has no FROST-Server.
 * Meters and reading ids are new on every run, so the server can be reused; what other runs left
 * there only makes it larger (each scenario prints how many Observations it held).
 */
class LiveFrostIT {

  private static final String TENANT = "live-frost";
  private static final int METERS = Integer.getInteger("metersync.live.meters", 20);
  private static final int READINGS = Integer.getInteger("metersync.live.readings", 10_000);
  private static final int BATCH = 500;
  private static final int KILLS = 3;
  private static final Duration BOUND =
      Duration.ofSeconds(Long.getLong("metersync.live.boundSeconds", 900));
  private static final long SEED = Long.getLong("metersync.live.seed", 20_261_202L);
  static final String FROST_JDBC_PROPERTY = "metersync.live.frostJdbcUrl";

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private LiveFrost frost;
  private String run;
  private List<String> meters;

  @BeforeEach
  void setUp() {
    frost = LiveFrost.fromProperty();
    run = "live" + Long.toString(System.currentTimeMillis(), 36);
    meters = LiveFrost.meters(run, METERS);
    new TestData(db).tenant(TENANT, 1000, BATCH);
  }

  /** Scenario 1: meters the server does not know, created by the adapter. */
  @Test
  void createDatastreams_newMeters_oneObservationPerReadingInItsMetersDatastream() {
    long stored = frost.observations();
    long observedPropertiesBefore = frost.countNamed("ObservedProperties", "meter reading");
    pendingReadings();

    Duration took;
    Status status;
    try (JarProcess service = start("create", true)) {
      took = awaitSettled(service);
      status = status();
      service.terminate();
      service.waitFor(Duration.ofSeconds(60));
    }

    Held held = held();
    List<java.util.Set<Long>> shared = frost.sensorsAndObservedPropertiesOf(meters);
    System.out.printf(
        "live scenario 1 (createDatastreams=true, %d new meters, %d readings, %d Observations"
            + " stored before): %s; locally %s after %.1f s; the %d Datastreams use Sensors %s"
            + " and ObservedProperties %s; %d ObservedProperties 'meter reading' created%n",
        METERS,
        READINGS,
        stored,
        held,
        status,
        took.toMillis() / 1000.0,
        METERS,
        shared.get(0),
        shared.get(1),
        frost.countNamed("ObservedProperties", "meter reading") - observedPropertiesBefore);
    held.assertOnePerReading("scenario 1");
    assertEquals(READINGS, status.synchronizedCount(), "synchronized locally: " + status);
    assertEquals(1, shared.get(0).size(), "one Sensor shared by the created Datastreams");
    assertEquals(1, shared.get(1).size(), "one ObservedProperty shared by them");
  }

  /** Scenario 2: meter-sync's upload beside the same requests sent directly. */
  @Test
  void throughput_besideDirectCreateObservations_atTheSameBatchSize() {
    Map<String, Long> datastreams = frost.createMeters(meters, "kWh");
    List<Long> ids = meters.stream().map(datastreams::get).toList();

    // Unmeasured: the server's first requests after a start are slower (its JIT warming up).
    long errors = frost.sendDirect(ids, run + "-w", 2 * BATCH, BATCH);
    long storedBeforeDirect = frost.observations();
    long start = System.nanoTime();
    errors += frost.sendDirect(ids, run + "-d", READINGS, BATCH);
    double directBefore = READINGS / seconds(System.nanoTime() - start);

    long storedBeforeSync = frost.observations();
    pendingReadings();
    Rate sync;
    try (JarProcess service = start("throughput", false)) {
      sync = measureUpload(service);
      service.terminate();
      service.waitFor(Duration.ofSeconds(60));
    }
    // Direct again, after: the server has grown by the sync's readings, so the two bracket it.
    start = System.nanoTime();
    errors += frost.sendDirect(ids, run + "-a", READINGS, BATCH);
    double directAfter = READINGS / seconds(System.nanoTime() - start);
    double direct = (directBefore + directAfter) / 2;
    Held held = held();
    System.out.printf(
        "live scenario 2 (batches of %d over %d Datastreams): direct CreateObservations %.0f"
            + " readings/s before (%d Observations stored) and %.0f after, mean %.0f; meter-sync"
            + " upload %.0f readings/s (%d readings from its first batch marked to its last, %.1f"
            + " s) with %d stored: %.0f %% of direct; %s%n",
        BATCH,
        METERS,
        directBefore,
        storedBeforeDirect,
        directAfter,
        direct,
        sync.perSecond(),
        sync.readings(),
        sync.seconds(),
        storedBeforeSync,
        100 * sync.perSecond() / direct,
        held);
    assertEquals(0, errors, "error entries in the direct CreateObservations answers");
    Map<String, Integer> sentDirect = new HashMap<>();
    ids.forEach(
        id -> frost.readingIdsIn(id).forEach((r, n) -> sentDirect.merge(r, n, Integer::sum)));
    for (String prefix : List.of(run + "-d", run + "-a")) {
      long directHeldOnce =
          sentDirect.entrySet().stream()
              .filter(e -> e.getKey().startsWith(prefix) && e.getValue() == 1)
              .count();
      assertEquals(READINGS, directHeldOnce, prefix + ": direct readings held once each");
    }
    held.assertOnePerReading("scenario 2");
  }

  /** Scenario 3: SIGKILL mid-upload three times, then a clean run. */
  @Test
  void sigkillThreeTimesMidUpload_thenCleanRun_oneObservationPerReading() {
    frost.createMeters(meters, "kWh");
    long stored = frost.observations();
    pendingReadings();
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> kills = new ArrayList<>();
    for (int k = 1; k <= KILLS; k++) {
      long before = status().synchronizedCount();
      try (JarProcess service = start("kill" + k, false)) {
        service.await(
            "a batch marked in run " + k,
            BOUND,
            () -> status().synchronizedCount() >= Math.min(READINGS, before + BATCH));
        JarProcess.pause(random.nextLong(0, 1_500));
        long at = status().synchronizedCount();
        assertTrue(at < READINGS, "run " + k + " finished before it could be killed mid-upload");
        service.kill();
        kills.add("kill " + k + " at " + at + " synchronized");
      }
    }
    Status status;
    try (JarProcess service = start("clean", false)) {
      awaitSettled(service);
      status = status();
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    Held held = held();
    System.out.printf(
        "live scenario 3 (%d readings, %d Observations stored before): %s; clean run: %s; %s%n",
        READINGS, stored, kills, status, held);
    held.assertOnePerReading("scenario 3");
    assertEquals(READINGS, status.synchronizedCount(), "synchronized locally: " + status);
  }

  /**
   * Scenario 4: an Observation whose insert commits after a higher id was downloaded. Needs FROST's
   * own database ({@value #FROST_JDBC_PROPERTY}) to hold the insert open.
   */
  @Test
  void download_observationCommittedAfterAHigherIdWasRead_takenByALaterCycle() throws Exception {
    String frostJdbc = System.getProperty(FROST_JDBC_PROPERTY, "");
    assertTrue(
        !frostJdbc.isBlank(),
        FROST_JDBC_PROPERTY
            + " must name FROST's database, e.g. jdbc:postgresql://127.0.0.1:5432/"
            + "frost?user=postgres&password=pg");
    Map<String, Long> datastreams = frost.createMeters(meters.subList(0, 2), "kWh");
    long top = frost.highestObservationId();
    // Start after what the server holds already, so the download is about this scenario alone.
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO download_cursor (tenant_id, cursor, client_system_kind,"
                    + " client_system_endpoint) VALUES (?, ?, 'sensorthings', ?)")) {
      st.setString(1, TENANT);
      st.setString(2, "{\"v\":1,\"afterId\":" + top + "}");
      st.setString(3, frost.root());
      st.executeUpdate();
    }
    try (Connection held = java.sql.DriverManager.getConnection(frostJdbc)) {
      held.setAutoCommit(false);
      long heldId = insertObservation(held, datastreams.get(meters.get(0)), run + "-held");
      // Another writer meanwhile, in another Datastream (FROST's trigger locks the first one's
      // row): a higher id, visible before the held one.
      assertEquals(0, frost.sendDirect(List.of(datastreams.get(meters.get(1))), run + "-v", 1, 1));
      try (JarProcess service = start("gap", false)) {
        service.await("the later Observation downloaded", BOUND, () -> hasLocal(run + "-v0"));
        assertTrue(!hasLocal(run + "-held"), "the held Observation is not visible yet");
        held.commit();
        long committed = System.nanoTime();
        service.await(
            "the Observation committed late downloaded", BOUND, () -> hasLocal(run + "-held"));
        System.out.printf(
            "live scenario 4: Observation %d held open while %d was downloaded (cursor after it);"
                + " committed, then downloaded %.1f s later; both held locally once%n",
            heldId, heldId + 1, (System.nanoTime() - committed) / 1e9);
        service.terminate();
        service.waitFor(Duration.ofSeconds(60));
      }
    }
  }

  private long insertObservation(Connection c, long datastream, String readingId)
      throws SQLException {
    try (PreparedStatement st =
        c.prepareStatement(
            "INSERT INTO \"OBSERVATIONS\" (\"DATASTREAM_ID\", \"FEATURE_ID\","
                + " \"PHENOMENON_TIME_START\", \"PHENOMENON_TIME_END\", \"RESULT_TYPE\","
                + " \"RESULT_NUMBER\", \"RESULT_STRING\", \"PARAMETERS\")"
                + " SELECT ?, min(\"ID\"), timestamptz '2026-01-01T00:45:00Z',"
                + " timestamptz '2026-01-01T00:45:00Z', 0, 0.75, '0.75',"
                + " jsonb_build_object('readingId', ?::text) FROM \"FEATURES\""
                + " RETURNING \"ID\"")) {
      st.setLong(1, datastream);
      st.setString(2, readingId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private boolean hasLocal(String readingId) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FROM meter_reading WHERE tenant_id = ? AND meter_reading_id = ?")) {
      st.setString(1, TENANT);
      st.setString(2, readingId);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) == 1;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@link #READINGS} pending readings {@code <run>-r<g>}, on meter {@code 1 + g % METERS}. */
  private void pendingReadings() {
    update(
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " SELECT ?, ? || g, ? || lpad((1 + g % ?)::text, 2, '0'),"
            + " timestamptz '2026-01-01 00:00:00Z' + g * interval '15 minutes', g * 0.25, 'kWh'"
            + " FROM generate_series(1, ?) g ORDER BY g",
        TENANT, run + "-r", run + "-m", METERS, READINGS);
  }

  private static String meterOf(String run, int reading) {
    return String.format("%s-m%02d", run, 1 + reading % METERS);
  }

  /** What the server holds of this run's readings, asked Datastream by Datastream. */
  private Held held() {
    Map<String, Integer> inOwn = new HashMap<>();
    List<String> notes = new ArrayList<>();
    long elsewhere = 0;
    for (String meter : meters) {
      List<Long> found = frost.datastreamsOf(meter);
      if (found.size() != 1) {
        notes.add(meter + " has " + found.size() + " Datastreams");
      }
      for (long datastream : found) {
        for (Map.Entry<String, Integer> e : frost.readingIdsIn(datastream).entrySet()) {
          String id = e.getKey();
          if (!id.startsWith(run + "-r")) {
            continue;
          }
          int reading = Integer.parseInt(id.substring((run + "-r").length()));
          if (meterOf(run, reading).equals(meter)) {
            inOwn.merge(id, e.getValue(), Integer::sum);
          } else {
            elsewhere += e.getValue();
            note(notes, id + " in the Datastream of " + meter);
          }
        }
      }
    }
    long once = inOwn.values().stream().filter(n -> n == 1).count();
    long duplicated = inOwn.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
    inOwn.forEach(
        (id, n) -> {
          if (n > 1) {
            note(notes, id + " held " + n + " times");
          }
        });
    return new Held(READINGS, once, READINGS - inOwn.size(), duplicated, elsewhere, notes);
  }

  private static void note(List<String> notes, String note) {
    if (notes.size() < 10) {
      notes.add(note);
    }
  }

  /** The server's side of a scenario, reading by reading. */
  record Held(
      long readings,
      long heldOnce,
      long missing,
      long duplicated,
      long elsewhere,
      List<String> examples) {

    void assertOnePerReading(String scenario) {
      assertEquals(0, missing, scenario + ": readings without an Observation; " + this);
      assertEquals(0, duplicated, scenario + ": readings held more than once; " + this);
      assertEquals(0, elsewhere, scenario + ": readings in another meter's Datastream; " + this);
      assertEquals(readings, heldOnce, scenario + ": " + this);
    }

    @Override
    public String toString() {
      return String.format(
          "%d readings: %d held once in their meter's Datastream, %d missing, %d extra copies,"
              + " %d in another Datastream%s",
          readings,
          heldOnce,
          missing,
          duplicated,
          elsewhere,
          examples.isEmpty() ? "" : " " + examples);
    }
  }

  /** The tenant's local readings by sync status. */
  record Status(long synchronizedCount, long failed, long pending) {
    @Override
    public String toString() {
      return synchronizedCount + " synchronized, " + failed + " failed, " + pending + " pending";
    }
  }

  private Status status() {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE sync_status = 'synchronized'),"
                    + " count(*) FILTER (WHERE sync_status = 'failed'),"
                    + " count(*) FILTER (WHERE sync_status = 'pending')"
                    + " FROM meter_reading WHERE tenant_id = ? AND origin = 'local'")) {
      st.setString(1, TENANT);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new Status(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until no reading is pending (each synchronized or failed); returns how long it took. */
  private Duration awaitSettled(JarProcess service) {
    long start = System.nanoTime();
    service.await("every reading synchronized or failed", BOUND, () -> status().pending() == 0);
    return Duration.ofNanos(System.nanoTime() - start);
  }

  record Rate(long readings, double seconds) {
    double perSecond() {
      return readings / seconds;
    }
  }

  /**
   * The upload's rate from the first batch marked to the last: the same per-batch work the direct
   * requests do, without the service's start-up and its first batch.
   */
  private Rate measureUpload(JarProcess service) {
    service.await("the first batch marked", BOUND, () -> status().synchronizedCount() > 0);
    long first = System.nanoTime();
    long marked = status().synchronizedCount();
    service.await(
        "every reading synchronized", BOUND, () -> status().synchronizedCount() == READINGS);
    return new Rate(READINGS - marked, seconds(System.nanoTime() - first));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private JarProcess start(String name, boolean createDatastreams) {
    List<String> lines = new ArrayList<>();
    lines.add("database.url=" + db.jdbcUrl());
    if (db.user() != null) {
      lines.add("database.user=" + db.user());
    }
    if (db.password() != null) {
      lines.add("database.password=" + db.password());
    }
    lines.addAll(
        List.of(
            "server.port=0",
            "workers=1",
            "database.poolSize=6",
            "syncIntervalMinutes=0.02",
            "maxRetries=2",
            "backoff.initialMs=200",
            "backoff.maxMs=2000",
            "connectivityCheckIntervalMs=1000",
            "shutdownGraceMs=20000",
            "http.connectTimeoutMs=2000",
            "http.readTimeoutMs=15000",
            "http.callTimeoutMs=15000",
            // Short, so that a run after a SIGKILL takes the tenant back soon.
            "lease.ttlMs=20000",
            "tenants." + TENANT + ".kind=sensorthings",
            "tenants." + TENANT + ".url=" + frost.root(),
            "tenants." + TENANT + ".option.createDatastreams=" + createDatastreams));
    if (createDatastreams) {
      // FROST makes each Observation's FeatureOfInterest from its Thing's Location.
      lines.add(
          "tenants."
              + TENANT
              + ".option.thingLocation="
              + System.getProperty("metersync.live.thingLocation", "8.4037,49.0069"));
    }
    // Further options, as key=value,key=value.
    for (String option : System.getProperty("metersync.live.tenantOptions", "").split(",")) {
      if (!option.isBlank()) {
        lines.add("tenants." + TENANT + ".option." + option.strip());
      }
    }
    try {
      Path config = dir.resolve("meter-sync.properties");
      Files.write(config, lines);
      return JarProcess.start(name, dir, List.of(), Map.of(), "--config", config.toString(), "run");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void update(String sql, Object... params) {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        st.setObject(i + 1, params[i]);
      }
      st.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
