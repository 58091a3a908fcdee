package org.metersync.bootstrap.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.BatchListener;
import org.metersync.application.StatementCounts;
import org.metersync.application.TenantCycles;
import org.metersync.application.TenantSyncFactory;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.TenantLeases;
import org.metersync.bootstrap.JarProcess;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.bootstrap.observability.TenantStatus;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ReadingsPage;

/** The sync loop following its roster: tenants added, disabled, enabled, changed, broken. */
class SyncLoopRefreshTest {

  private static final TenantId T = TenantId.of("refresh-t");
  private static final TenantId U = TenantId.of("refresh-u");

  private final InMemorySyncDatabase db =
      new InMemorySyncDatabase().addTenant(T, 100, 10).addTenant(U, 100, 10);
  private final Roster roster = new Roster();
  private final List<CycleHistory.CycleRecord> cyclesOfU = new CopyOnWriteArrayList<>();
  private SyncLoop loop;

  @AfterEach
  void stop() {
    if (loop != null) {
      loop.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void refresh_tenantAdded_syncedWithoutRestart() {
    roster.put(entry(T, "memory:t", true));
    loop = start();
    db.addLocalReadings(U, readings(5));

    roster.put(entry(U, "memory:u", true));
    loop.refreshSoon();

    await(() -> db.readings(U, SyncStatus.SYNCHRONIZED).size() == 5);
    assertTrue(loop.status().stream().anyMatch(s -> s.tenantId().equals(U) && s.enabled()));
  }

  @Test
  void refresh_disabledThenEnabled_notSyncedMeanwhileThenResumes() {
    roster.put(entry(T, "memory:t", true));
    roster.put(entry(U, "memory:u", true));
    loop = start();
    await(() -> status(T).lastCycleAt().isPresent());

    roster.put(entry(T, "memory:t", false));
    loop.refreshSoon();
    await(() -> !status(T).enabled());
    int uploadsBefore = roster.client("memory:t").uploadRequests().size();
    db.addLocalReadings(T, readings(5));
    // Enough cycles of the other tenant, on the same interval, for T to have been due again.
    int seen = cyclesOfU.size();
    await(() -> cyclesOfU.size() >= seen + 3);

    assertEquals(5, db.readings(T, SyncStatus.PENDING).size(), "a disabled tenant is not synced");
    assertEquals(uploadsBefore, roster.client("memory:t").uploadRequests().size());
    assertEquals(Optional.empty(), status(T).nextRunAt());

    roster.put(entry(T, "memory:t", true));
    loop.refreshSoon();

    await(() -> db.readings(T, SyncStatus.SYNCHRONIZED).size() == 5);
    assertTrue(status(T).enabled());
  }

  @Test
  void refresh_endpointChanged_newClientSystemStartsFromTheBeginningNeverGetsTheOldCursor() {
    roster.client("memory:a").addDownloadable(readings("a-", 3));
    roster.client("memory:b").addDownloadable(readings("b-", 2));
    roster.put(entry(T, "memory:a", true));
    loop = start();
    await(() -> db.storedCursor(T).equals(Optional.of("3")));

    roster.put(entry(T, "memory:b", true));
    loop.refreshSoon();

    await(
        () ->
            db.storedDownloadCursor(T)
                .flatMap(c -> c.source())
                .map(s -> s.endpoint().equals("memory:b"))
                .orElse(false));
    List<Optional<String>> sentToB = roster.client("memory:b").fetchCursors();
    assertEquals(Optional.empty(), sentToB.get(0), "the first download from b starts afresh");
    assertTrue(sentToB.stream().noneMatch(c -> c.equals(Optional.of("3"))), sentToB.toString());
    assertEquals(5, db.readings(T).size(), "both feeds stored, nothing twice");
  }

  @Test
  void refresh_changeDuringACycle_oldOneFinishesFirstNeverTwoCyclesAtOnce() throws Exception {
    db.addLocalReadings(T, readings(30));
    CountDownLatch uploading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    roster.blockFirstUpload("memory:a", uploading, release);
    roster.put(entry(T, "memory:a", true));
    loop = start();
    assertTrue(uploading.await(30, TimeUnit.SECONDS), "the first upload started");

    roster.put(entry(T, "memory:b", true));
    loop.refreshSoon();
    await(() -> roster.attempts(T) == 2);
    assertEquals(List.of(), roster.client("memory:b").uploadRequests(), "b waits for a's cycle");
    release.countDown();
    await(() -> db.readings(T, SyncStatus.SYNCHRONIZED).size() == 30);
    db.addLocalReadings(T, readings("later-", 5));

    await(() -> db.readings(T, SyncStatus.SYNCHRONIZED).size() == 35);
    assertEquals(30, roster.client("memory:a").received().size(), "a's cycle drained its backlog");
    assertEquals(5, roster.client("memory:b").received().size(), "later cycles use b");
    assertEquals(1, roster.maxInFlight(T), "one cycle of the tenant at a time");
  }

  @Test
  void refresh_unknownKind_warnsOnceMarksItRetriesAndTheOthersGoOn() {
    roster.put(entry(T, "memory:t", true));
    roster.put(entry(U, "memory:u", true));
    loop = start();
    await(() -> status(T).lastCycleAt().isPresent());

    try (LogCapture log = LogCapture.of(SyncLoop.class)) {
      roster.put(
          new TenantEntry(
              new ClientSystemSettings(T, "no-such-kind", "memory:t", Optional.empty(), Map.of()),
              true));
      loop.refreshSoon();
      await(() -> status(T).problem().isPresent());
      int attempts = roster.attempts(T);
      db.addLocalReadings(T, readings(4));
      db.addLocalReadings(U, readings(6));

      await(() -> db.readings(U, SyncStatus.SYNCHRONIZED).size() == 6);
      await(() -> roster.attempts(T) >= attempts + 2);
      assertTrue(status(T).problem().orElseThrow().contains("no-such-kind"));
      assertEquals(4, db.readings(T, SyncStatus.PENDING).size());
      List<String> warnings =
          log.messages(Level.WARN).stream().filter(m -> m.contains("tenant=refresh-t")).toList();
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).contains("no-such-kind"), warnings.get(0));
    }

    roster.put(entry(T, "memory:t", true));
    loop.refreshSoon();

    await(() -> db.readings(T, SyncStatus.SYNCHRONIZED).size() == 4);
    assertEquals(Optional.empty(), status(T).problem());
  }

  private SyncLoop start() {
    SyncSettings settings =
        new SyncSettings(
            Duration.ofMillis(50),
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
        (tenant, cycle) -> {
          if (tenant.equals(U)) {
            cyclesOfU.add(cycle);
          }
        };
    List<TenantSync> initial =
        roster.current().stream().filter(TenantEntry::enabled).map(roster::make).toList();
    return new SyncLoop(
            roster,
            initial,
            new TenantCycles(tenant -> Optional.of(TenantLeases.Lease.unguarded(tenant)), history),
            settings,
            new SplittableRandom(7)::nextDouble,
            Clock.systemUTC(),
            new SyncMetrics(new SimpleMeterRegistry(), new StatementCounts(new StatementCounter())))
        .start();
  }

  private TenantStatus status(TenantId id) {
    return loop.status().stream().filter(s -> s.tenantId().equals(id)).findFirst().orElseThrow();
  }

  private static TenantEntry entry(TenantId id, String endpoint, boolean enabled) {
    return new TenantEntry(
        new ClientSystemSettings(id, FakeClientSystem.KIND, endpoint, Optional.empty(), Map.of()),
        enabled);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached within 30 s");
      JarProcess.pause(10);
    }
  }

  /**
   * Tenants as a test sets them; one fake client system per endpoint, and an unknown kind cannot be
   * made, as the real registry refuses it.
   */
  private final class Roster implements TenantRoster {
    private final Map<TenantId, TenantEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, FakeClientSystem> clients = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch[]> blocked = new ConcurrentHashMap<>();
    private final Map<TenantId, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<TenantId, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<TenantId, AtomicInteger> maxInFlight = new ConcurrentHashMap<>();
    private final InMemoryTenantCache cache = new InMemoryTenantCache(db);

    void put(TenantEntry entry) {
      entries.put(entry.id(), entry);
    }

    FakeClientSystem client(String endpoint) {
      return clients.computeIfAbsent(endpoint, e -> new FakeClientSystem());
    }

    void blockFirstUpload(String endpoint, CountDownLatch entered, CountDownLatch release) {
      blocked.put(endpoint, new CountDownLatch[] {entered, release});
    }

    int attempts(TenantId id) {
      return attempts.computeIfAbsent(id, i -> new AtomicInteger()).get();
    }

    int maxInFlight(TenantId id) {
      return maxInFlight.computeIfAbsent(id, i -> new AtomicInteger()).get();
    }

    @Override
    public List<TenantEntry> current() {
      return entries.values().stream()
          .sorted((a, b) -> a.id().value().compareTo(b.id().value()))
          .toList();
    }

    @Override
    public TenantSync make(TenantEntry entry) {
      attempts.computeIfAbsent(entry.id(), i -> new AtomicInteger()).incrementAndGet();
      ClientSystemSettings settings = entry.settings();
      if (!settings.kind().equals(FakeClientSystem.KIND)) {
        throw new IllegalArgumentException(
            "tenant " + entry.id() + ": unknown client system kind '" + settings.kind() + "'");
      }
      ClientSystemApi api = watched(entry.id(), settings.endpoint());
      DownloadSource source = new DownloadSource(settings.kind(), settings.endpoint());
      TenantSyncFactory factory =
          new TenantSyncFactory(cache, db, db, db, db, Runnable::run, Clock.systemUTC());
      return new TenantSync(
          settings, api, factory.cycle(entry.id(), api, source, 3, BatchListener.NONE));
    }

    /** The endpoint's client, counting the tenant's calls in flight, blocking if asked to. */
    private ClientSystemApi watched(TenantId id, String endpoint) {
      AtomicInteger now = inFlight.computeIfAbsent(id, i -> new AtomicInteger());
      AtomicInteger max = maxInFlight.computeIfAbsent(id, i -> new AtomicInteger());
      return new ForwardingClientSystem(client(endpoint)) {
        @Override
        public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
          max.accumulateAndGet(now.incrementAndGet(), Math::max);
          try {
            return super.fetchReadings(cursor, limit);
          } finally {
            now.decrementAndGet();
          }
        }

        @Override
        public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
          max.accumulateAndGet(now.incrementAndGet(), Math::max);
          try {
            CountDownLatch[] latches = blocked.remove(endpoint);
            if (latches != null) {
              latches[0].countDown();
              awaitQuietly(latches[1]);
            }
            return super.upload(batch);
          } finally {
            now.decrementAndGet();
          }
        }
      };
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "released within 30 s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
