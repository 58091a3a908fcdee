package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.adapters.postgres.testing.TestPostgres;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

/**
 * The operator commands that write are all or nothing by construction: each is one SQL statement
 * (atomic in PostgreSQL, committed or not as a whole when its process dies), and migrating is one
 * transaction. {@code CommandKillIT} kills the real commands to show it.
 */
class WritingCommandsTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();

  @MigratedDatabase static TestDatabase db;
  private final StatementCounter counter = new StatementCounter();
  private TestData data;
  private TenantId tenant;

  @BeforeEach
  void setUp() {
    data = new TestData(db);
    tenant = TenantId.of("writer" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), 1000, 100);
  }

  @Test
  void requeueFailed_thousandsOfReadings_oneStatement() {
    data.pendingReadings(tenant.value(), "r", 5_000);
    db.execute(
        "UPDATE meter_reading SET sync_status = 'failed', upload_attempts = 3 WHERE tenant_id = '"
            + tenant
            + "'");
    JooqSyncAdministration administration = JooqSyncAdministration.create(db.dataSource(), counter);

    int requeued = administration.requeueFailed(tenant, Optional.empty());

    assertEquals(5_000, requeued);
    assertEquals(1, counter.totalStatements());
  }

  @Test
  void resetDownloadCursor_oneStatement() {
    db.execute("INSERT INTO download_cursor (tenant_id, cursor) VALUES ('" + tenant + "', 'c-9')");
    JooqSyncAdministration administration = JooqSyncAdministration.create(db.dataSource(), counter);

    assertTrue(administration.resetDownloadCursor(tenant));
    assertEquals(1, counter.totalStatements());
  }

  @Test
  void updateBatchSizes_bothSizesInOneStatement() {
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), counter);

    database.updateBatchSizes(tenant, new BatchSizes(700, 70));

    assertEquals(1, counter.totalStatements());
    assertEquals(
        "700/70",
        data.queryString(
            "SELECT download_batch_size || '/' || upload_batch_size FROM tenant"
                + " WHERE tenant_id = '"
                + tenant
                + "'"));
  }

  @Test
  void migrate_aLaterMigrationFails_noneOfTheRunStaysApplied() {
    try (TestDatabase empty = TestPostgres.newDatabase()) {
      SyncDatabaseException e =
          assertThrows(
              SyncDatabaseException.class,
              () -> SchemaMigrator.migrate(empty.dataSource(), "classpath:db/all-or-nothing"));

      assertTrue(e.getMessage().startsWith("migrating the sync database failed"), e.getMessage());
      assertEquals(
          "0",
          new TestData(empty)
              .queryString("SELECT count(*) FROM pg_tables WHERE tablename = 'first_table'"));
    }
  }
}
