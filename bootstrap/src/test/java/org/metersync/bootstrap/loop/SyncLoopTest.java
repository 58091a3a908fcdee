package org.metersync.bootstrap.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.StatementCounts;
import org.metersync.application.SyncManager;
import org.metersync.application.TenantCycles;
import org.metersync.application.TenantSyncCycle;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLeases;
import org.metersync.bootstrap.JarProcess;
import org.metersync.bootstrap.observability.LoopState;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;

class SyncLoopTest {

  private static final TenantId T = TenantId.of("loop-1");
  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 100, 10);
  private final FakeClientSystem client = new FakeClientSystem();
  private final RecordingAdministration administration = new RecordingAdministration();
  private final AtomicBoolean lockHeldElsewhere = new AtomicBoolean();
  private SyncLoop loop;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void start_backlog_syncedAndOutcomeRecorded() {
    db.addLocalReadings(T, readings(25));
    loop = loop().start();

    await(() -> administration.cycles.size() >= 1);

    assertEquals(25, db.readings(T, SyncStatus.SYNCHRONIZED).size());
    assertEquals(CycleOutcome.OK, administration.cycles.get(0).outcome());
    assertEquals(CycleOutcome.OK, loop.status().get(0).lastOutcome());
  }

  @Test
  void stop_nextCycleScheduledLater_returnsWithoutWaitingForIt() {
    loop = loop().start();
    await(
        () ->
            loop.status()
                .get(0)
                .nextRunAt()
                .map(at -> at.isAfter(java.time.Instant.now().plusSeconds(600)))
                .orElse(false));

    boolean withinGrace = loop.stop(Duration.ofSeconds(5));

    assertTrue(withinGrace, "the cycle due in an hour was dropped, not waited for");
  }

  @Test
  void unreachableClientSystem_checkedUntilBackThenSyncedAtOnce() {
    db.addLocalReadings(T, readings(5));
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("refused", null);
    client.answerUploads(UploadAnswer.fail(down)).unreachable(down);
    loop = loop().start();

    await(() -> client.reachabilityChecks() >= 4);
    assertEquals(5, db.readings(T, SyncStatus.PENDING).size(), "nothing changes while down");
    assertEquals(false, loop.status().get(0).reachable());

    client.reachable().answerUploads(UploadAnswer.acceptAll());

    await(() -> db.readings(T, SyncStatus.SYNCHRONIZED).size() == 5);
    assertTrue(loop.status().get(0).reachable());
  }

  @Test
  void permanentFailure_backsOffAndCountsConsecutiveFailures() {
    db.addLocalReadings(T, readings(3));
    client.answerUploads(
        UploadAnswer.fail(new ClientSystemRejectedException("HTTP 400", "400", false)));
    loop = loop().start();

    await(() -> loop.status().get(0).consecutiveFailures() >= 3);

    assertEquals(CycleOutcome.FAILED, loop.status().get(0).lastOutcome());
    assertTrue(loop.status().get(0).lastError().orElseThrow().contains("HTTP 400"));
    assertEquals(3, db.readings(T, SyncStatus.PENDING).size());
    assertTrue(
        client.reachabilityChecks() == 0, "a permanent failure is not a reachability problem");
  }

  @Test
  void tenantLockedByAnotherInstance_cycleSkipped() {
    db.addLocalReadings(T, readings(3));
    lockHeldElsewhere.set(true);
    loop = loop().start();

    await(() -> loop.status().get(0).lastOutcome() == CycleOutcome.SKIPPED);

    assertEquals(3, db.readings(T, SyncStatus.PENDING).size());
    assertEquals(List.of(), client.uploadRequests());
  }

  @Test
  void stop_duringUpload_finishesTheBatchInFlightAndTakesNoMore() {
    db.addLocalReadings(T, readings(100));
    loop = loop().start();
    await(() -> client.uploadRequests().size() >= 2);

    boolean clean = loop.stop(Duration.ofSeconds(5));

    assertTrue(clean);
    assertEquals(LoopState.STOPPED, loop.state());
    int sent = client.uploadRequests().size() * 10;
    assertEquals(sent, db.readings(T, SyncStatus.SYNCHRONIZED).size(), "every sent batch marked");
    assertEquals(100 - sent, db.readings(T, SyncStatus.PENDING).size());
    for (ReadingId id : client.received().stream().map(r -> r.id()).toList()) {
      assertEquals(SyncStatus.SYNCHRONIZED, db.reading(T, id).orElseThrow().status());
    }
  }

  private SyncLoop loop() {
    InMemoryTenantCache cache = new InMemoryTenantCache(db);
    BatchListener slowly = (tenant, op, batch, readings) -> JarProcess.pause(5);
    TenantSyncCycle cycle =
        new TenantSyncCycle(
            T,
            new SyncManager(T, cache, db, client, FakeClientSystem.SOURCE, slowly),
            new MeterReadingUploadManager(T, cache, db, db, client, 3, slowly),
            db,
            Clock.systemUTC());
    SyncSettings settings =
        new SyncSettings(
            Duration.ofHours(1),
            true,
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(40),
            Duration.ofMillis(20),
            2,
            Duration.ofSeconds(5),
            100,
            Duration.ofMinutes(1));
    TenantLeases leases =
        tenant ->
            lockHeldElsewhere.get()
                ? Optional.empty()
                : Optional.of(TenantLeases.Lease.unguarded(tenant));
    return new SyncLoop(
        List.of(new TenantSync(settings(T), client, cycle)),
        new TenantCycles(leases, administration),
        settings,
        new SplittableRandom(7)::nextDouble,
        Clock.systemUTC(),
        new SyncMetrics(new SimpleMeterRegistry(), new StatementCounts(new StatementCounter())));
  }

  private static org.metersync.spi.ClientSystemSettings settings(TenantId id) {
    return new org.metersync.spi.ClientSystemSettings(
        id,
        FakeClientSystem.KIND,
        FakeClientSystem.SOURCE.endpoint(),
        Optional.empty(),
        java.util.Map.of());
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
      JarProcess.pause(10);
    }
  }

  /** Keeps the cycles the loop records. */
  private static final class RecordingAdministration implements CycleHistory {
    final List<CycleRecord> cycles = new CopyOnWriteArrayList<>();

    @Override
    public void recordCycle(TenantId tenantId, CycleRecord cycle) {
      cycles.add(cycle);
    }
  }
}
