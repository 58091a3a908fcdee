package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.Plans;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/**
 * The backlog's statements as the server plans them once prepared: pgjdbc switches to a named
 * statement after a few runs, and PostgreSQL may then use a generic plan, which can only use the
 * partial backlog index when the status is a literal. Checked with {@code EXPLAIN (GENERIC_PLAN)}.
 */
class BacklogPlanTest {

  private static final TenantId TENANT = TenantId.of("plan-tenant");

  @MigratedDatabase static TestDatabase db;
  private static DSLContext dsl;
  private static JooqSyncDatabase database;
  private static final List<String> statements = new ArrayList<>();

  @BeforeAll
  static void createDatabase() {
    TestData data = new TestData(db);
    data.tenant(TENANT.value(), null, null);
    data.pendingReadings(TENANT.value(), "r-", 5000);
    db.execute("ANALYZE meter_reading");
    StatementCounter counter = new StatementCounter();
    Configuration configuration =
        JooqSyncDatabase.configuration(db.dataSource(), counter)
            .derive(
                new DefaultExecuteListenerProvider(counter),
                new DefaultExecuteListenerProvider(
                    new ExecuteListener() {
                      @Override
                      public void executeStart(ExecuteContext ctx) {
                        statements.add(ctx.sql());
                      }
                    }));
    dsl = DSL.using(configuration);
    database = new JooqSyncDatabase(dsl, counter);
  }

  @Test
  void readMarkAndRecordAttempts_genericPlans_useTheBacklogIndex() {
    List<PendingReading> batch = database.getUnsynchronizedReadings(TENANT, Long.MIN_VALUE, 100);
    database.markReadingsAsSynchronized(batch.subList(0, 50), TENANT);
    database.recordUploadAttempts(
        TENANT,
        List.of(new UploadOutcome.Retry(batch.get(50), 1, "busy")),
        List.of(new UploadOutcome.Failed(batch.get(51), 5, "rejected")));

    assertEquals(3, statements.size(), statements.toString());
    for (String sql : statements) {
      String plan = Plans.genericPlan(db, sql);
      assertTrue(plan.contains("meter_reading_backlog"), sql + "\n" + plan);
    }
  }
}
