package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.BenchDatabase.StatusCounts;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.domain.TenantId;

class BenchDatabaseTest {

  private static TestDatabase db;
  private static TestData data;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.migrated();
    data = new TestData(db);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  @Test
  void insertPending_count_thatManyPendingReadingsOldestFirst() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "ins-", false);
    data.tenant("ins-1", null, null);

    bench.insertPending(TenantId.of("ins-1"), 30);

    assertEquals(new StatusCounts(30, 0, 0), bench.statusCounts(TenantId.of("ins-1")));
    assertEquals("30/0/0", bench.statusCounts(TenantId.of("ins-1")).toString());
    assertEquals(
        "local-1 meter-1 0.370 kWh",
        data.queryString(
            "SELECT meter_reading_id || ' ' || meter_id || ' ' || value || ' ' || unit"
                + " FROM meter_reading WHERE tenant_id = 'ins-1' ORDER BY backlog_position LIMIT 1"));
  }

  @Test
  void insertPending_tenantWithoutThePrefix_refusedNamingThePrefix() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "own-", false);
    data.tenant("foreign-1", null, null);

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> bench.insertPending(TenantId.of("foreign-1"), 10));

    assertTrue(refused.getMessage().contains("'own-'"), refused.getMessage());
    assertEquals(
        0, data.queryLong("SELECT count(*) FROM meter_reading WHERE tenant_id = 'foreign-1'"));
  }

  @Test
  void delete_oneTenant_removesItAndItsRowsOnly() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "del-", false);
    for (String tenant : new String[] {"del-1", "del-10"}) {
      data.tenant(tenant, null, null);
      bench.insertPending(TenantId.of(tenant), 5);
      db.execute("INSERT INTO download_cursor (tenant_id, cursor) VALUES ('" + tenant + "', '5')");
    }

    bench.delete(TenantId.of("del-1"));

    assertEquals(0, data.queryLong("SELECT count(*) FROM tenant WHERE tenant_id = 'del-1'"));
    assertEquals(
        0, data.queryLong("SELECT count(*) FROM download_cursor WHERE tenant_id = 'del-1'"));
    assertEquals(new StatusCounts(0, 0, 0), bench.statusCounts(TenantId.of("del-1")));
    assertEquals(new StatusCounts(5, 0, 0), bench.statusCounts(TenantId.of("del-10")));
    assertEquals(
        1, data.queryLong("SELECT count(*) FROM download_cursor WHERE tenant_id = 'del-10'"));
  }

  @Test
  void deleteAll_prefixWithLikeWildcards_matchesThePrefixLiterally() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "w_", false);
    data.tenant("w_1", null, null);
    data.tenant("wx1", null, null);
    bench.insertPending(TenantId.of("w_1"), 3);

    bench.deleteAll();

    assertEquals(0, data.queryLong("SELECT count(*) FROM tenant WHERE tenant_id = 'w_1'"));
    assertEquals(0, data.queryLong("SELECT count(*) FROM meter_reading WHERE tenant_id = 'w_1'"));
    assertEquals(1, data.queryLong("SELECT count(*) FROM tenant WHERE tenant_id = 'wx1'"));
  }

  @Test
  void likeEscaped_wildcardsAndEscape_matchOnlyThemselves() {
    assertEquals("a\\_b\\%c\\\\d", BenchDatabase.likeEscaped("a_b%c\\d"));
  }

  @Test
  void settle_notOwnServer_analyzesWithoutVacuum() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "settle-", false);
    String stats =
        "SELECT analyze_count || '/' || vacuum_count FROM pg_stat_user_tables"
            + " WHERE relname = 'meter_reading'";
    String[] before = data.queryString(stats).split("/");

    bench.settle();

    String[] after = data.queryString(stats).split("/");
    assertEquals(Long.parseLong(before[0]) + 1, Long.parseLong(after[0]), "analyzed once");
    assertEquals(before[1], after[1], "not vacuumed");
  }

  @Test
  void insertHistory_readingsOverTenants_synchronizedAndDealtEvenly() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "hist-", false);

    bench.insertHistory(1000, 8);

    assertEquals(8, data.queryLong("SELECT count(*) FROM tenant WHERE tenant_id LIKE 'hist-%'"));
    assertEquals(
        "hist-history-0001 hist-history-0008",
        data.queryString(
            "SELECT min(tenant_id) || ' ' || max(tenant_id) FROM tenant"
                + " WHERE tenant_id LIKE 'hist-%'"));
    assertEquals(new StatusCounts(0, 125, 0), bench.statusCounts(TenantId.of("hist-history-0003")));
    assertEquals(
        1000,
        data.queryLong(
            "SELECT count(*) FROM meter_reading WHERE tenant_id LIKE 'hist-%'"
                + " AND is_synchronized AND synchronized_at IS NOT NULL"));
    assertEquals(
        8,
        data.queryLong(
            "SELECT count(DISTINCT tenant_id) FROM (SELECT tenant_id FROM meter_reading"
                + " WHERE tenant_id LIKE 'hist-%' ORDER BY backlog_position LIMIT 8) first"),
        "the tenants' readings interleave");

    bench.deleteAll();
    assertEquals(
        0, data.queryLong("SELECT count(*) FROM meter_reading WHERE tenant_id LIKE 'hist-%'"));
  }

  @Test
  void insertHistory_outOfRange_refusedNamingTheLimit() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "hbad-", false);

    IllegalArgumentException noReadings =
        assertThrows(IllegalArgumentException.class, () -> bench.insertHistory(0, 10));
    IllegalArgumentException tooManyTenants =
        assertThrows(IllegalArgumentException.class, () -> bench.insertHistory(10, 10_000));

    assertTrue(noReadings.getMessage().contains("at least 1"), noReadings.getMessage());
    assertTrue(tooManyTenants.getMessage().contains("9999"), tooManyTenants.getMessage());
    assertEquals(0, data.queryLong("SELECT count(*) FROM tenant WHERE tenant_id LIKE 'hbad-%'"));
  }

  @Test
  void serverSettings_versionAndSynchronousCommitAsTheSessionHasThem() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "srv-", false);

    BenchDatabase.ServerSettings settings = bench.serverSettings();

    assertEquals(data.queryString("SHOW server_version"), settings.version());
    assertTrue(settings.version().matches("\\d+(\\.\\d+)?.*"), settings.version());
    assertEquals(data.queryString("SHOW synchronous_commit"), settings.synchronousCommit());
  }

  @Test
  void tableStatistics_neverAnalyzedThenAnalyzed_absentThenPresentAndCounted() {
    try (TestDatabase fresh = TestDatabase.migrated()) {
      BenchDatabase bench = new BenchDatabase(fresh.dataSource(), "stat-", true);
      new TestData(fresh).tenant("stat-1", null, null);
      bench.insertPending(TenantId.of("stat-1"), 100);

      BenchDatabase.TableStatistics before = bench.tableStatistics();
      bench.settle();
      BenchDatabase.TableStatistics after = bench.tableStatistics();

      assertFalse(before.present(), "a migrated table was never analyzed");
      assertTrue(after.present());
      assertEquals(before.analyses() + 1, after.analyses());
    }
  }

  @Test
  void pauseAutovacuum_ownServer_offForTheTableUntilResumed() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "av-", true);
    String options =
        "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class"
            + " WHERE oid = 'meter_reading'::regclass";

    bench.pauseAutovacuum();
    String paused = data.queryString(options);
    bench.resumeAutovacuum();

    assertEquals("autovacuum_enabled=false", paused);
    assertEquals("", data.queryString(options));
  }

  @Test
  void pauseAutovacuum_configuredServer_refusedAndTableUntouched() {
    BenchDatabase bench = new BenchDatabase(db.dataSource(), "av-", false);

    IllegalStateException refused =
        assertThrows(IllegalStateException.class, bench::pauseAutovacuum);

    assertTrue(refused.getMessage().contains("benchmark's own server"), refused.getMessage());
    assertEquals(
        0,
        data.queryLong(
            "SELECT count(*) FROM pg_class WHERE oid = 'meter_reading'::regclass"
                + " AND reloptions IS NOT NULL"));
  }
}
