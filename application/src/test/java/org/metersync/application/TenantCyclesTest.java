package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.InMemoryTenantLeases;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;

class TenantCyclesTest {

  private static final TenantId T = TenantId.of("cycles-1");
  private static final Duration TTL = Duration.ofSeconds(90);

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 10, 5);
  private final InMemoryTenantLeases leases = db.leases();
  private final FakeClientSystem client = new FakeClientSystem();
  private final List<CycleHistory.CycleRecord> recorded = new ArrayList<>();

  @Test
  void runLocked_leaseFree_runsTheCycleRenewingBeforeEveryCallAndReleasesTheLease() {
    db.addLocalReadings(T, readings(7));
    client.addDownloadable(readings("d-", 3));
    TenantCycles cycles = new TenantCycles(leases.holder("a"), history());

    Optional<CycleReport> report = cycles.runLocked(cycle(client), () -> false);

    assertTrue(report.orElseThrow().succeeded());
    assertEquals(10, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    // Two uploads (5 + 2) and one download page.
    assertEquals(3, leases.renewals());
    assertEquals(Optional.empty(), leases.holderOf(T), "released");
  }

  @Test
  void runLocked_leaseHeldElsewhere_emptyAndNothingSynced() {
    db.addLocalReadings(T, readings(7));
    leases.holder("b").tryTake(T).orElseThrow();

    Optional<CycleReport> report =
        new TenantCycles(leases.holder("a"), history()).runLocked(cycle(client), () -> false);

    assertEquals(Optional.empty(), report);
    assertEquals(7, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(List.of(), client.uploadRequests());
    assertEquals(Optional.of("b"), leases.holderOf(T));
  }

  @Test
  void runLocked_leaseExpiresDuringAnUpload_batchNotMarkedAndNoFurtherCall() {
    db.addLocalReadings(T, readings(12));
    // The first upload takes longer than the lease lives, and instance b takes the tenant over.
    ClientSystemApi stalling =
        new ForwardingClientSystem(client) {
          @Override
          public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
            Map<ReadingId, UploadVerdict> answer = super.upload(batch);
            leases.advance(TTL);
            leases.holder("b").tryTake(T).orElseThrow();
            return answer;
          }
        };

    Optional<CycleReport> report;
    try (LogCapture log = LogCapture.of(TenantCycles.class)) {
      report =
          new TenantCycles(leases.holder("a"), history()).runLocked(cycle(stalling), () -> false);
      assertTrue(
          log.messages(Level.WARN).stream()
              .anyMatch(m -> m.startsWith("tenant=cycles-1 cycle stopped") && m.contains("lost")),
          log.lines().toString());
    }

    assertEquals(Optional.empty(), report);
    assertEquals(1, client.uploadRequests().size(), "no call after the lease was lost");
    assertEquals(12, db.readings(T, SyncStatus.PENDING).size(), "the fenced mark did not apply");
    assertEquals(Optional.of("b"), leases.holderOf(T), "b's lease was not released by a");
  }

  @Test
  void runLocked_leaseTakenOverDuringAFetch_pageNotStoredAndNoFurtherFetch() {
    client.addDownloadable(readings("d-", 25));
    ClientSystemApi stalling =
        new ForwardingClientSystem(client) {
          @Override
          public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
            ReadingsPage page = super.fetchReadings(cursor, limit);
            leases.advance(TTL);
            leases.holder("b").tryTake(T).orElseThrow();
            return page;
          }
        };

    Optional<CycleReport> report =
        new TenantCycles(leases.holder("a"), history()).runLocked(cycle(stalling), () -> false);

    assertEquals(Optional.empty(), report);
    assertEquals(1, client.fetchLimits().size(), "no fetch after the lease was lost");
    assertEquals(List.of(), db.readings(T), "the fenced page was not stored");
    assertEquals(Optional.empty(), db.storedCursor(T));
  }

  @Test
  void record_cycle_keptInTheHistory() {
    CycleHistory.CycleRecord record =
        new CycleHistory.CycleRecord(
            Instant.EPOCH, CycleOutcome.FAILED, Optional.of("503"), 0, 0, 2);
    TenantLeases none = tenant -> Optional.empty();

    new TenantCycles(none, history()).record(T, record);

    assertEquals(List.of(record), recorded);
  }

  private TenantSyncCycle cycle(ClientSystemApi clientSystem) {
    return new TenantSyncFactory(
            new InMemoryTenantCache(db), db, db, db, db, Runnable::run, Clock.systemUTC())
        .cycle(T, clientSystem, FakeClientSystem.SOURCE, 3, BatchListener.NONE);
  }

  private CycleHistory history() {
    return (tenant, record) -> recorded.add(record);
  }
}
