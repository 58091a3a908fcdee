package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
