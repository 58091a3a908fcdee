package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario: adding an instance adds throughput. Twenty busy tenants, a client system answering each
 * request after a latency (500 ms), instances of {@value #WORKERS} workers each, so that one
 * instance's workers are the bottleneck (as with a production sizing): the same backlog is synced
 * by one instance, then (other tenants, same sizes) by two. Prints readings/s of each from the
 * database's own timestamps (first reading stored to last one marked); what is asserted is that
 * both instances worked, each on its own share, and that nothing was lost or sent twice. Size:
 * {@code -Dmetersync.reliability.scale.readings} (per tenant, 500), {@code
 * -Dmetersync.reliability.scale.latencyMs} (500).
 */
class ScaleOutIT {

  private static final int TENANTS = 20;
  private static final int READINGS =
      Integer.getInteger("metersync.reliability.scale.readings", 500);
  private static final int BATCH = 100;
  private static final int WORKERS = 2;
  private static final int LATENCY_MS =
      Integer.getInteger("metersync.reliability.scale.latencyMs", 500);

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;
  private final List<String> alone = tenants("one");
  private final List<String> shared = tenants("two");

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder();
    alone.forEach(t -> builder.tenant(t, Reliability.TOKEN));
    shared.forEach(t -> builder.tenant(t, Reliability.TOKEN));
    sandbox = builder.start();
    Latency latency = Latency.fixed(Duration.ofMillis(LATENCY_MS));
    alone.forEach(t -> sandbox.switches(t).latency(latency));
    shared.forEach(t -> sandbox.switches(t).latency(latency));
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Test
  void twentyBusyTenants_twoInstancesEachSyncTheirShare_readingsPerSecondPrinted() {
    double one = run(alone, List.of("one"));
    Reliability.update(
        db.dataSource(), "UPDATE tenant SET enabled = false WHERE tenant_id LIKE 'one-%'");
    double two = run(shared, List.of("two-a", "two-b"));

    // What the workers could do if every one always waited on a request (a cycle's uploads and
    // its one download of an empty feed): the upper bound.
    int requests = (READINGS + BATCH - 1) / BATCH + 1;
    double bound = WORKERS * READINGS * 1000.0 / (requests * LATENCY_MS);
    System.out.printf(
        "scale-out: %d tenants x %d readings, batch %d, %d ms per request, %d workers per"
            + " instance: 1 instance %.0f readings/s, 2 instances %.0f readings/s (x%.2f);"
            + " workers always waiting on requests would do %.0f and %.0f%n",
        TENANTS, READINGS, BATCH, LATENCY_MS, WORKERS, one, two, two / one, bound, 2 * bound);
    List<String> all = new ArrayList<>(alone);
    all.addAll(shared);
    Reliability.Ledger.of(db.dataSource(), sandbox, all).printAndCheck("scale-out");
  }

  /**
   * Runs {@code names.size()} instances over {@code tenants}; once their share has settled the
   * backlog arrives, and the run ends when it is synced. Returns readings per second.
   */
  private double run(List<String> tenants, List<String> names) {
    TestData data = new TestData(db);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(WORKERS));
    lines.add("lease.ttlMs=60000");
    for (String tenant : tenants) {
      data.tenant(tenant, 1000, BATCH);
      lines.addAll(Reliability.tenant(tenant, sandbox));
    }
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);
    List<JarProcess> instances = new ArrayList<>();
    try {
      names.forEach(n -> instances.add(Reliability.service(n, dir, config)));
      List<Integer> ports = instances.stream().map(JarProcess::healthPort).toList();
      JarProcess first = instances.get(0);
      first.await(
          "the share of " + names + " settled",
          Duration.ofSeconds(60),
          () -> SharedTenants.settled(ports, tenants));
      tenants.forEach(t -> data.pendingReadings(t, "r", READINGS));
      first.await(
          "the backlog of " + names + " synchronized",
          Duration.ofSeconds(300),
          () -> Reliability.unsynchronized(db.dataSource()) == 0);
      for (JarProcess instance : instances) {
        instance.terminate();
        assertEquals(0, instance.waitFor(Duration.ofSeconds(60)), instance.tail());
        Map<String, Long> marked = SharedTenants.markedByTenant(instance.stderr());
        assertTrue(!marked.isEmpty(), instance.tail());
        assertTrue(
            marked.size() <= (tenants.size() + names.size() - 1) / names.size(),
            "within its share: " + marked);
        LongSummaryStatistics busy =
            BUSY_CYCLE
                .matcher(instance.stderr())
                .results()
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .summaryStatistics();
        System.out.printf(
            "scale-out: instance %s uploaded %d tenants' readings; its %d cycles that uploaded"
                + " took %d ms on average%n",
            instance.pid(), marked.size(), busy.getCount(), Math.round(busy.getAverage()));
      }
    } finally {
      instances.forEach(JarProcess::close);
    }
    double seconds =
        Reliability.queryLong(
                db.dataSource(),
                "SELECT (extract(epoch FROM max(synchronized_at) - min(created_at)) * 1000)::bigint"
                    + " FROM meter_reading WHERE tenant_id = ANY (?)",
                (Object) tenants.toArray(String[]::new))
            / 1000.0;
    return tenants.size() * READINGS / seconds;
  }

  private static final Pattern BUSY_CYCLE =
      Pattern.compile("cycle ok: .* readings=[1-9]\\d* .*ms=(\\d+)");

  private static List<String> tenants(String prefix) {
    return IntStream.rangeClosed(1, TENANTS).mapToObj(i -> prefix + "-" + i).toList();
  }
}
