package org.metersync.bootstrap.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.BatchListener;
import org.metersync.application.StatementCounts;
import org.metersync.application.TenantCycles;
import org.metersync.application.TenantSyncFactory;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLeases;
import org.metersync.bootstrap.JarProcess;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.bootstrap.observability.TenantStatus;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.TenantShares;
import org.metersync.spi.ClientSystemSettings;

/**
 * The sync loop sharing its tenants with other instances: only its share, taken up as they come.
 */
class SyncLoopShareTest {

  private static final String SELF = "a";
  private static final String OTHER = "b";
  private static final List<TenantId> TENANTS =
      IntStream.rangeClosed(1, 6).mapToObj(i -> TenantId.of("share-" + i)).toList();
  private static final Map<TenantId, String> OWNERS =
      TenantShares.assign(TENANTS, Set.of(SELF, OTHER));

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final Map<TenantId, FakeClientSystem> clients = new ConcurrentHashMap<>();
  private final Map<TenantId, List<CycleHistory.CycleRecord>> cycles = new ConcurrentHashMap<>();
  private final FakeInstances instances = new FakeInstances();
  private volatile boolean leasedElsewhere;
  private SyncLoop loop;

  SyncLoopShareTest() {
    TENANTS.forEach(t -> db.addTenant(t, 100, 10));
  }

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void start_anotherInstanceLive_syncsItsShareOnly() {
    instances.live(SELF, OTHER);
    TENANTS.forEach(t -> db.addLocalReadings(t, readings(5)));
    loop = start(Duration.ofMillis(50));

    await(() -> mine().stream().allMatch(t -> synchronizedCount(t) == 5));
    await(() -> mine().stream().allMatch(t -> cycles(t) >= 3));

    assertEquals(3, mine().size(), "half of six: " + OWNERS);
    for (TenantId theirs : theirs()) {
      assertEquals(5, db.readings(theirs, SyncStatus.PENDING).size(), theirs + " is b's");
      assertEquals(List.of(), client(theirs).uploadRequests(), theirs + " is b's");
      assertFalse(status(theirs).syncedHere());
      assertEquals(Optional.empty(), status(theirs).nextRunAt());
    }
    mine().forEach(t -> assertTrue(status(t).syncedHere(), t.toString()));
    assertEquals(2, loop.instances());
  }

  @Test
  void renewal_otherInstanceDroppedOut_takesItsTenants() {
    instances.live(SELF, OTHER);
    loop = start(Duration.ofMillis(50));
    await(() -> mine().stream().allMatch(t -> cycles(t) >= 1));
    theirs().forEach(t -> db.addLocalReadings(t, readings(4)));

    instances.live(SELF);

    await(() -> TENANTS.stream().allMatch(t -> synchronizedCount(t) == 4 || mine().contains(t)));
    await(() -> TENANTS.stream().allMatch(t -> status(t).syncedHere()));
    assertEquals(1, loop.instances());
  }

  @Test
  void renewal_instanceJoined_letsGoOfItsTenantsAfterTheCycleInFlight() {
    instances.live(SELF);
    loop = start(Duration.ofMillis(50));
    await(() -> TENANTS.stream().allMatch(t -> cycles(t) >= 1));

    instances.live(SELF, OTHER);
    await(() -> theirs().stream().noneMatch(t -> status(t).syncedHere()));
    Map<TenantId, Integer> cyclesAtHandOver = new ConcurrentHashMap<>();
    theirs().forEach(t -> cyclesAtHandOver.put(t, cycles(t)));
    int mineBefore = mine().stream().mapToInt(this::cycles).min().orElseThrow();
    await(() -> mine().stream().allMatch(t -> cycles(t) >= mineBefore + 3));

    for (TenantId theirs : theirs()) {
      assertTrue(
          cycles(theirs) <= cyclesAtHandOver.get(theirs) + 1,
          theirs + ": at most the cycle in flight at the hand-over, then none");
    }
  }

  @Test
  void start_renewsBeforeAnyCycle_andStopLeavesAfterTheLastOne() {
    instances.live(SELF, OTHER);
    loop = start(Duration.ofMillis(50));
    await(() -> mine().stream().allMatch(t -> cycles(t) >= 1));

    assertTrue(instances.renewalsAtFirstTake.get() >= 1, "a first renewal, then cycles");
    assertTrue(loop.stop(Duration.ofSeconds(5)));
    int cyclesAtStop = cycles.values().stream().mapToInt(List::size).sum();
    assertEquals(1, instances.leaves.get());
    assertEquals(cyclesAtStop, instances.cyclesAtLeave.get(), "no cycle after leaving");
  }

  @Test
  void renewal_databaseFails_keepsTheShareItHadAndWarns() {
    instances.live(SELF, OTHER);
    loop = start(Duration.ofMillis(50));
    await(() -> mine().stream().allMatch(t -> cycles(t) >= 1));

    try (LogCapture log = LogCapture.of(SyncLoop.class)) {
      instances.failing = true;
      await(() -> !renewalWarnings(log).isEmpty());
      TENANTS.forEach(t -> db.addLocalReadings(t, readings(3)));
      await(() -> mine().stream().allMatch(t -> synchronizedCount(t) == 3));

      String warning = renewalWarnings(log).get(0);
      assertTrue(warning.contains("renewing the registration of instance a failed"), warning);
      assertTrue(warning.contains("keeping the share of 2 live instance(s)"), warning);
    }
    theirs().forEach(t -> assertEquals(3, db.readings(t, SyncStatus.PENDING).size()));
  }

  @Test
  void skipped_leaseHeldByAnotherInstance_looksAgainAtTheNextRenewalNotAnIntervalLater() {
    instances.live(SELF, OTHER);
    leasedElsewhere = true;
    loop = start(Duration.ofHours(1));

    await(() -> mine().stream().allMatch(t -> status(t).lastOutcome() == CycleOutcome.SKIPPED));

    for (TenantId tenant : mine()) {
      Instant next = status(tenant).nextRunAt().orElseThrow();
      assertTrue(next.isBefore(Instant.now().plusSeconds(60)), tenant + " next at " + next);
    }
  }

  private static List<String> renewalWarnings(LogCapture log) {
    return log.messages(Level.WARN).stream().filter(m -> m.contains("renewing")).toList();
  }

  private List<TenantId> mine() {
    return TENANTS.stream().filter(t -> OWNERS.get(t).equals(SELF)).toList();
  }

  private List<TenantId> theirs() {
    return TENANTS.stream().filter(t -> OWNERS.get(t).equals(OTHER)).toList();
  }

  private int cycles(TenantId tenant) {
    return cycles.getOrDefault(tenant, List.of()).size();
  }

  private int synchronizedCount(TenantId tenant) {
    return db.readings(tenant, SyncStatus.SYNCHRONIZED).size();
  }

  private FakeClientSystem client(TenantId tenant) {
    return clients.computeIfAbsent(tenant, t -> new FakeClientSystem());
  }

  private TenantStatus status(TenantId id) {
    return loop.status().stream().filter(s -> s.tenantId().equals(id)).findFirst().orElseThrow();
  }

  private SyncLoop start(Duration interval) {
    SyncSettings settings =
        new SyncSettings(
            interval,
            true,
            3,
            Duration.ofMillis(10),
            Duration.ofMillis(40),
            Duration.ofMillis(20),
            2,
            Duration.ofSeconds(5),
            100,
            Duration.ofMinutes(1));
    CycleHistory history =
        (tenant, cycle) ->
            cycles.computeIfAbsent(tenant, t -> new CopyOnWriteArrayList<>()).add(cycle);
    TenantLeases leases =
        tenant -> {
          instances.renewalsAtFirstTake.compareAndSet(-1, instances.renewals.get());
          return leasedElsewhere
              ? Optional.empty()
              : Optional.of(TenantLeases.Lease.unguarded(tenant));
        };
    TenantSyncFactory factory =
        new TenantSyncFactory(
            new InMemoryTenantCache(db), db, db, db, db, Runnable::run, Clock.systemUTC());
    List<TenantSync> syncs = new ArrayList<>();
    for (TenantId tenant : TENANTS) {
      FakeClientSystem client = client(tenant);
      syncs.add(
          new TenantSync(
              new ClientSystemSettings(
                  tenant, FakeClientSystem.KIND, "memory:" + tenant, Optional.empty(), Map.of()),
              client,
              factory.cycle(tenant, client, FakeClientSystem.SOURCE, 3, BatchListener.NONE)));
    }
    return new SyncLoop(
            TenantRoster.fixed(syncs),
            instances,
            syncs,
            new TenantCycles(leases, history),
            settings,
            new SplittableRandom(7)::nextDouble,
            Clock.systemUTC(),
            new SyncMetrics(new SimpleMeterRegistry(), new StatementCounts(new StatementCounter())))
        .start();
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
      JarProcess.pause(10);
    }
  }

  /** The registry as a test sets it: who is live; renewals that fail as a lost database would. */
  private final class FakeInstances implements Instances {
    private volatile Set<String> live = Set.of(SELF);
    volatile boolean failing;
    final AtomicInteger renewals = new AtomicInteger();
    final AtomicInteger renewalsAtFirstTake = new AtomicInteger(-1);
    final AtomicInteger leaves = new AtomicInteger();
    final AtomicInteger cyclesAtLeave = new AtomicInteger(-1);

    void live(String... ids) {
      live = Set.of(ids);
    }

    @Override
    public String self() {
      return SELF;
    }

    @Override
    public boolean shared() {
      return true;
    }

    @Override
    public Duration renewEvery() {
      return Duration.ofMillis(20);
    }

    @Override
    public Set<String> renew() {
      renewals.incrementAndGet();
      if (failing) {
        throw new IllegalStateException("connection refused");
      }
      return live;
    }

    @Override
    public void leave() {
      leaves.incrementAndGet();
      cyclesAtLeave.set(cycles.values().stream().mapToInt(List::size).sum());
    }
  }
}
