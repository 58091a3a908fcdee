package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLocks;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;

class TenantCyclesTest {

  private static final TenantId T = TenantId.of("cycles-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 10, 5);
  private final FakeClientSystem client = new FakeClientSystem();
  private final List<CycleHistory.CycleRecord> recorded = new ArrayList<>();
  private final AtomicInteger released = new AtomicInteger();
  private final TenantSyncCycle cycle =
      new TenantSyncFactory(
              new InMemoryTenantCache(db), db, db, db, db, Runnable::run, Clock.systemUTC())
          .cycle(T, client, FakeClientSystem.SOURCE, 3, BatchListener.NONE);

  @Test
  void runLocked_lockFree_runsTheCycleAndReleasesTheLock() {
    db.addLocalReadings(T, readings(7));
    TenantCycles cycles =
        new TenantCycles(tenant -> Optional.of(released::incrementAndGet), history());

    Optional<CycleReport> report = cycles.runLocked(cycle, () -> false);

    assertTrue(report.orElseThrow().succeeded());
    assertEquals(7, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(1, released.get());
  }

  @Test
  void runLocked_lockHeldElsewhere_emptyAndNothingSynced() {
    db.addLocalReadings(T, readings(7));
    TenantLocks heldElsewhere = tenant -> Optional.empty();

    Optional<CycleReport> report =
        new TenantCycles(heldElsewhere, history()).runLocked(cycle, () -> false);

    assertEquals(Optional.empty(), report);
    assertEquals(7, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(List.of(), client.uploadRequests());
  }

  @Test
  void record_cycle_keptInTheHistory() {
    CycleHistory.CycleRecord record =
        new CycleHistory.CycleRecord(
            Instant.EPOCH, CycleOutcome.FAILED, Optional.of("503"), 0, 0, 2);

    new TenantCycles(tenant -> Optional.empty(), history()).record(T, record);

    assertEquals(List.of(record), recorded);
  }

  private CycleHistory history() {
    return (tenant, record) -> recorded.add(record);
  }
}
