package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;

/** Statement times go to the tenant's observer while it is timed, under the counter's names. */
class StatementCounterTest {

  @MigratedDatabase TestDatabase db;

  @Test
  void time_timedTenant_eachStatementToldWithItsOperationUntilStopped() {
    TestData data = new TestData(db);
    data.tenant("timed", null, null);
    data.tenant("other", null, null);
    data.pendingReadings("timed", "t", 20);
    data.pendingReadings("other", "o", 20);
    StatementCounter counter = new StatementCounter();
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), counter);
    TenantId timed = TenantId.of("timed");
    List<String> told = new ArrayList<>();
    counter.time(
        timed,
        (operation, nanos) -> {
          assertTrue(nanos > 0, operation + " took " + nanos);
          told.add(operation);
        });

    List<PendingReading> batch = database.getUnsynchronizedReadings(timed, Long.MIN_VALUE, 10);
    database.markReadingsAsSynchronized(batch, timed);
    database.getUnsynchronizedReadings(TenantId.of("other"), Long.MIN_VALUE, 10);
    counter.stopTiming(timed);
    database.getUnsynchronizedReadings(timed, Long.MIN_VALUE, 10);

    assertEquals(List.of(PlainJdbcFlows.SELECT_OPERATION, PlainJdbcFlows.MARK_OPERATION), told);
    assertEquals(3, counter.statements(timed), "every statement counted, timed or not");
  }
}
