package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.domain.TenantId;
import org.metersync.domain.TenantShares;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 5: two service instances on one database share the tenants. Once both run and each sees
 * the other, the readings arrive; each instance uploads exactly the tenants of its share (six of
 * twelve, as {@link TenantShares} assigns them), every reading is uploaded exactly once (no re-send
 * at all: nothing fails here), the client system never sees two upload requests of one tenant at
 * the same time, and no tenant's cycles overlap across the two logs.
 */
class TwoInstancesIT {

  private static final int TENANTS = 12;
  private static final int READINGS = 1_000;
  private static final Pattern CYCLE =
      Pattern.compile("^(\\S+) .* tenant=(\\S+) cycle (?:ok|failed):.* ms=(\\d+)$");

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;
  private final List<String> tenants =
      IntStream.rangeClosed(1, TENANTS).mapToObj(i -> "two-" + i).toList();

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder();
    tenants.forEach(t -> builder.tenant(t, Reliability.TOKEN));
    sandbox = builder.start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void twoInstances_eachReadingUploadedOnce_noTenantSyncedByBothAtOnce() {
    TestData data = new TestData(db);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(4));
    // Registrations last a minute, renewed every sync interval (1.2 s): neither drops out by a
    // stall of the machine while the test runs, so the share cannot change under it.
    lines.add("lease.ttlMs=60000");
    for (String tenant : tenants) {
      data.tenant(tenant, 1000, 50);
      sandbox
          .switches(tenant)
          .latency(Latency.between(Duration.ofMillis(2), Duration.ofMillis(15)));
      lines.addAll(Reliability.tenant(tenant, sandbox));
    }
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    String logA;
    String logB;
    try (JarProcess a = start("a", config);
        JarProcess b = start("b", config)) {
      List<Integer> ports = List.of(a.healthPort(), b.healthPort());
      a.await(
          "both instances see each other, each tenant in one's share and run by no other",
          Duration.ofSeconds(60),
          () -> SharedTenants.settled(ports, tenants));
      tenants.forEach(t -> data.pendingReadings(t, "r", READINGS));
      a.await(
          "every reading synchronized by the two instances",
          Duration.ofSeconds(120),
          () -> Reliability.unsynchronized(db.dataSource()) == 0 && b.isAlive());
      int cyclesSoFar = cycleLines(a) + cycleLines(b);
      a.await(
          "every tenant cycled a few more times across the two instances",
          Duration.ofSeconds(60),
          () -> cycleLines(a) + cycleLines(b) >= cyclesSoFar + 3 * TENANTS);
      a.terminate();
      b.terminate();
      assertEquals(0, a.waitFor(Duration.ofSeconds(60)), a.tail());
      assertEquals(0, b.waitFor(Duration.ofSeconds(60)), b.tail());
      logA = a.stderr();
      logB = b.stderr();
    }

    // The readings came after the share settled, so each instance uploaded its share alone.
    Map<TenantId, String> owners =
        TenantShares.assign(
            tenants.stream().map(TenantId::of).toList(),
            List.of(SharedTenants.instanceId(logA), SharedTenants.instanceId(logB)));
    Map<String, Long> byA = SharedTenants.markedByTenant(logA);
    Map<String, Long> byB = SharedTenants.markedByTenant(logB);
    assertEquals(share(owners, SharedTenants.instanceId(logA)), byA.keySet(), "a's tenants");
    assertEquals(share(owners, SharedTenants.instanceId(logB)), byB.keySet(), "b's tenants");
    int most = TenantShares.share(TENANTS, 2);
    assertTrue(!byA.isEmpty() && byA.size() <= most, "a uploaded 1.." + most + " tenants: " + byA);
    assertTrue(!byB.isEmpty() && byB.size() <= most, "b uploaded 1.." + most + " tenants: " + byB);
    long markedByA = byA.values().stream().mapToLong(Long::longValue).sum();
    long markedByB = byB.values().stream().mapToLong(Long::longValue).sum();
    assertEquals(TENANTS * READINGS, markedByA + markedByB, "marked by a + marked by b");
    long skipped =
        (logA + logB).lines().filter(l -> l.contains("is being synced by another worker")).count();
    for (String tenant : tenants) {
      assertEquals(1, sandbox.maxConcurrentUploads(tenant), tenant + ": concurrent uploads");
      var stats = sandbox.stats(tenant);
      assertEquals(READINGS, stats.accepted(), tenant + " " + stats);
      assertEquals(READINGS, stats.readingsReceived(), tenant + " each reading sent once");
      assertEquals(0, stats.duplicates() + stats.updates() + stats.replayedUploads(), tenant);
    }
    int checked = assertCyclesDoNotOverlap(cycles(logA, "a"), cycles(logB, "b"));
    System.out.printf(
        "two-instances: %d cycles compared, %d skipped for the other instance's lease;"
            + " readings marked: a %d (%d tenants), b %d (%d tenants)%n",
        checked, skipped, markedByA, byA.size(), markedByB, byB.size());
    Reliability.Ledger.of(db.dataSource(), sandbox, tenants).printAndCheck("two-instances");
  }

  private static Set<String> share(Map<TenantId, String> owners, String instance) {
    return owners.entrySet().stream()
        .filter(e -> e.getValue().equals(instance))
        .map(e -> e.getKey().value())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static int cycleLines(JarProcess process) {
    return (int) process.count(CYCLE);
  }

  private record Cycle(String instance, Instant start, Instant end) {}

  private static Map<String, List<Cycle>> cycles(String log, String instance) {
    Map<String, List<Cycle>> cycles = new HashMap<>();
    for (String line : log.lines().toList()) {
      Matcher m = CYCLE.matcher(line);
      if (m.find()) {
        Instant end = OffsetDateTime.parse(m.group(1)).toInstant();
        Instant start = end.minusMillis(Long.parseLong(m.group(3)));
        cycles
            .computeIfAbsent(m.group(2), t -> new ArrayList<>())
            .add(new Cycle(instance, start, end));
      }
    }
    return cycles;
  }

  /**
   * A cycle runs under the tenant's lease from before its start to after its log line, so two
   * cycles of one tenant may touch, never overlap (1 ms for the log's rounding).
   */
  private int assertCyclesDoNotOverlap(Map<String, List<Cycle>> a, Map<String, List<Cycle>> b) {
    int checked = 0;
    for (String tenant : tenants) {
      List<Cycle> all = new ArrayList<>(a.getOrDefault(tenant, List.of()));
      all.addAll(b.getOrDefault(tenant, List.of()));
      all.sort(Comparator.comparing(Cycle::start));
      for (int i = 1; i < all.size(); i++) {
        Cycle previous = all.get(i - 1);
        Cycle next = all.get(i);
        assertTrue(
            !next.start().plusMillis(1).isBefore(previous.end()),
            tenant + ": cycles overlap: " + previous + " and " + next);
      }
      checked += all.size();
    }
    return checked;
  }

  private JarProcess start(String name, Path config) {
    return Reliability.service(name, dir, config);
  }
}
