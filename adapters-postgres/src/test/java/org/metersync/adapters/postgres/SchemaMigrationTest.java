package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.adapters.postgres.testing.TestPostgres;
import org.metersync.application.port.SchemaMigrations;

class SchemaMigrationTest {

  @MigratedDatabase static TestDatabase db;

  @Test
  void migrate_emptyDatabaseThenAgain_appliesAllOnceThenNothing() throws SQLException {
    try (TestDatabase empty = TestPostgres.newDatabase()) {
      migrateTwice(empty);
    }
  }

  private static void migrateTwice(TestDatabase empty) throws SQLException {
    SchemaMigrations.Result first = SchemaMigrator.migrate(empty.dataSource());
    assertEquals(
        List.of(
            "V1 tenant",
            "V2 meter reading",
            "V3 download cursor",
            "V4 tenant batch sizes",
            "V5 tenant change notify",
            "V6 reading quarantine",
            "V7 tenant sync state",
            "V8 version trigger only on data edits",
            "V9 tenants at runtime and lag",
            "V10 tenant lease",
            "V11 upload horizon",
            "V12 service instance"),
        first.applied());
    assertEquals("12", first.schemaVersion());
    List<String> schemaBefore = schema(empty);

    SchemaMigrations.Result second = SchemaMigrator.migrate(empty.dataSource());

    assertEquals(List.of(), second.applied());
    assertEquals("12", second.schemaVersion());
    assertEquals(schemaBefore, schema(empty));
    assertTrue(
        schemaBefore.contains("tenant.download_batch_size integer NOT NULL DEFAULT 1000"),
        schemaBefore.toString());
    assertTrue(
        schemaBefore.contains("tenant.upload_batch_size integer NOT NULL DEFAULT 100"),
        schemaBefore.toString());
  }

  @Test
  void seedMigration_runByHandTwiceOnMigratedDatabase_changesNothing() throws Exception {
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('seed-rerun', 'Seed rerun')");
    db.execute(
        "UPDATE tenant SET download_batch_size = 2500, upload_batch_size = 250"
            + " WHERE tenant_id = 'seed-rerun'");
    List<String> schemaBefore = schema(db);
    String seedMigration = seedMigrationSql();

    db.execute(seedMigration);
    db.execute(seedMigration);

    assertEquals(schemaBefore, schema(db));
    assertEquals("2500/250", batchSizes("seed-rerun"));
  }

  @Test
  void v9_runByHandTwice_changesNothingAndGivesOldCursorsTheirTenantsClientSystem()
      throws Exception {
    db.execute(
        "INSERT INTO tenant (tenant_id, name, client_system_kind, client_system_url)"
            + " VALUES ('v9-old', 'Old', 'sensorthings', 'http://frost/v1.1')");
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('v9-no-url', 'No URL')");
    db.execute("INSERT INTO download_cursor (tenant_id, cursor) VALUES ('v9-old', 'c-1')");
    db.execute("INSERT INTO download_cursor (tenant_id, cursor) VALUES ('v9-no-url', 'c-2')");
    List<String> schemaBefore = schema(db);
    String v9 = migrationSql("V9__tenants_at_runtime_and_lag.sql");

    db.execute(v9);
    db.execute(v9);

    assertEquals(schemaBefore, schema(db));
    assertEquals(
        "sensorthings|http://frost/v1.1",
        query(
            "SELECT client_system_kind || '|' || client_system_endpoint FROM download_cursor"
                + " WHERE tenant_id = 'v9-old'"));
    assertEquals(
        "true",
        query(
            "SELECT (client_system_kind IS NULL)::text FROM download_cursor"
                + " WHERE tenant_id = 'v9-no-url'"),
        "a cursor whose client system is unknown stays so, and is never sent");
    assertEquals("true", query("SELECT enabled::text FROM tenant WHERE tenant_id = 'v9-old'"));
  }

  @Test
  void v11_runByHandTwice_startsEveryStoredReadingInDoubt() throws Exception {
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('v11-old', 'Old')");
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('v11-empty', 'Empty')");
    db.execute(
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit,"
            + " is_synchronized, sync_status) VALUES"
            + " ('v11-old', 'r1', 'm1', now(), 1, 'kWh', true, 'synchronized'),"
            + " ('v11-old', 'r2', 'm1', now(), 2, 'kWh', false, 'pending')");
    db.execute("DELETE FROM tenant_upload_horizon WHERE tenant_id LIKE 'v11-%'");
    List<String> schemaBefore = schema(db);
    String v11 = migrationSql("V11__upload_horizon.sql");

    db.execute(v11);
    db.execute(v11);

    assertEquals(schemaBefore, schema(db));
    assertEquals(
        query("SELECT max(backlog_position)::text FROM meter_reading WHERE tenant_id = 'v11-old'"),
        query("SELECT sent_through::text FROM tenant_upload_horizon WHERE tenant_id = 'v11-old'"),
        "a reading stored before the horizon existed may have been sent: it starts in doubt");
    assertEquals(
        "0",
        query("SELECT count(*)::text FROM tenant_upload_horizon WHERE tenant_id = 'v11-empty'"));
  }

  @Test
  void tenant_literalSecretAsCredential_refused() {
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('v9-secret', 'Secret')");

    assertThrows(
        IllegalStateException.class,
        () ->
            db.execute(
                "UPDATE tenant SET client_system_credential = 's3cr3t'"
                    + " WHERE tenant_id = 'v9-secret'"));
    db.execute(
        "UPDATE tenant SET client_system_credential = 'env:TOKEN' WHERE tenant_id = 'v9-secret'");
  }

  @Test
  void tenant_insertedWithoutBatchSizes_readsBackSeedDefaults() throws Exception {
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('no-sizes', 'No sizes')");

    assertEquals("1000/100", batchSizes("no-sizes"));
  }

  @Test
  void meterReading_localEditOfSynchronizedReading_bumpsVersionAndMakesItPendingAgain()
      throws Exception {
    db.execute("INSERT INTO tenant (tenant_id, name) VALUES ('edits', 'Edits')");
    db.execute(
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit,"
            + " is_synchronized, sync_status) VALUES ('edits', 'r1', 'm1', now(), 1.5, 'kWh',"
            + " true, 'synchronized')");

    db.execute("UPDATE meter_reading SET value = 2.5 WHERE tenant_id = 'edits'");

    assertEquals(
        "2|false|pending",
        query(
            "SELECT version || '|' || is_synchronized || '|' || sync_status FROM meter_reading"
                + " WHERE tenant_id = 'edits'"));
  }

  private static String seedMigrationSql() throws Exception {
    return migrationSql("V4__tenant_batch_sizes.sql");
  }

  private static String migrationSql(String name) throws Exception {
    try (var in = SchemaMigrationTest.class.getResourceAsStream("/db/migration/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String batchSizes(String tenant) throws SQLException {
    return query(
        "SELECT download_batch_size || '/' || upload_batch_size FROM tenant WHERE tenant_id = '"
            + tenant
            + "'");
  }

  private static String query(String sql) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Every column, index, constraint and trigger of the public schema, as text. */
  private static List<String> schema(TestDatabase database) throws SQLException {
    List<String> lines = new ArrayList<>();
    try (Connection c = database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      collect(
          st,
          "SELECT table_name || '.' || column_name || ' ' || data_type"
              + " || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END"
              + " || COALESCE(' DEFAULT ' || column_default, '')"
              + " FROM information_schema.columns WHERE table_schema = 'public'"
              + " ORDER BY table_name, ordinal_position",
          lines);
      collect(
          st,
          "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname",
          lines);
      collect(
          st,
          "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
              + " WHERE connamespace = 'public'::regnamespace ORDER BY conname",
          lines);
      collect(st, "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname", lines);
    }
    return lines;
  }

  private static void collect(Statement st, String sql, List<String> into) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        into.add(rs.getString(1));
      }
    }
  }
}
