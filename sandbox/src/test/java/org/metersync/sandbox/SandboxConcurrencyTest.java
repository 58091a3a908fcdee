package org.metersync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Counters and the one-record-per-id rule hold under concurrent uploads. */
class SandboxConcurrencyTest {

  private static final int THREADS = 8;
  private static final String TOKEN = "acme-secret";

  private final SandboxClientSystem sandbox =
      SandboxClientSystem.builder().tenant("acme", TOKEN).tenant("beta", TOKEN).start();
  private final SandboxHttp http = new SandboxHttp();
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

  @AfterEach
  void close() {
    pool.shutdownNow();
    http.close();
    sandbox.close();
  }

  private static SandboxReading reading(String id, long value) {
    return new SandboxReading(
        id, "M-1", Instant.parse("2026-01-01T00:00:00Z"), BigDecimal.valueOf(value, 2), "kWh");
  }

  /** Runs {@code task(thread)} on every thread at once and waits for all. */
  private void onAllThreads(ThreadTask task) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Void>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      Callable<Void> call =
          () -> {
            go.await();
            task.run(thread);
            return null;
          };
      done.add(pool.submit(call));
    }
    go.countDown();
    for (Future<Void> future : done) {
      future.get();
    }
  }

  @FunctionalInterface
  private interface ThreadTask {
    void run(int thread) throws Exception;
  }

  @Test
  void upload_overlappingBatchesFromEightThreads_countersExactAndEachIdStoredOnce()
      throws Exception {
    Map<String, List<String>> verdicts = new ConcurrentHashMap<>();
    String base = sandbox.baseUrl("acme");

    onAllThreads(
        thread -> {
          for (int b = 0; b < 25; b++) {
            List<SandboxReading> batch = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
              batch.add(reading("t" + thread + "-b" + b + "-" + i, i));
            }
            for (int i = 0; i < 5; i++) {
              batch.add(reading("shared-" + b + "-" + i, i));
            }
            SandboxHttp.Answer answer = http.upload(base, TOKEN, batch);
            List<String> ids = answer.ids("results");
            List<String> statuses = answer.statuses();
            for (int i = 0; i < ids.size(); i++) {
              verdicts.computeIfAbsent(ids.get(i), id -> new ArrayList<>());
              List<String> forId = verdicts.get(ids.get(i));
              synchronized (forId) {
                forId.add(statuses.get(i));
              }
            }
          }
        });

    Stats stats = sandbox.stats("acme");
    assertEquals(3_125, stats.readingsHeld());
    assertEquals(4_000, stats.readingsReceived());
    assertEquals(3_125, stats.accepted());
    assertEquals(875, stats.duplicates());
    assertEquals(0, stats.updates());
    assertEquals(200, stats.uploadRequests());
    assertEquals(200, stats.responses(200));
    assertEquals(200, stats.uploadBatchSizes().size());
    assertEquals(3_125, verdicts.size());
    for (int b = 0; b < 25; b++) {
      List<String> shared = verdicts.get("shared-" + b + "-0");
      assertEquals(1, shared.stream().filter("accepted"::equals).count(), "" + shared);
      assertEquals(THREADS, sandbox.timesReceived("acme", "shared-" + b + "-0"));
    }
  }

  @Test
  void upload_sameIdChangedByEveryThread_oneRecordAndEveryUpdateCounted() throws Exception {
    onAllThreads(
        thread -> {
          for (int n = 0; n < 50; n++) {
            // Each request carries a value of its own, so every one after the first is an update.
            http.upload(
                sandbox.baseUrl("acme"),
                TOKEN,
                "%064x".formatted(thread * 1000 + n),
                SandboxHttp.body(List.of(reading("hot", thread * 1000L + n))));
          }
        });

    Stats stats = sandbox.stats("acme");
    assertEquals(1, stats.readingsHeld());
    assertEquals(1, stats.accepted());
    assertEquals(399, stats.updates());
    assertEquals(0, stats.duplicates());
    assertEquals(400, sandbox.timesReceived("acme", "hot"));
  }

  @Test
  void requests_twoTenantsConcurrently_totalsAreTheSumOfTenants() throws Exception {
    sandbox.generateDownloadable("beta", 30);

    onAllThreads(
        thread -> {
          String tenant = thread % 2 == 0 ? "acme" : "beta";
          for (int n = 0; n < 10; n++) {
            http.upload(
                sandbox.baseUrl(tenant), TOKEN, List.of(reading("r-" + thread + "-" + n, n)));
            http.get(sandbox.baseUrl(tenant) + "readings?limit=3", TOKEN);
            http.get(sandbox.baseUrl(tenant) + "health", "wrong");
          }
        });

    Stats acme = sandbox.stats("acme");
    Stats beta = sandbox.stats("beta");
    Stats totals = sandbox.totals();
    assertEquals(40, acme.readingsHeld());
    assertEquals(40, beta.readingsHeld());
    assertEquals(80, totals.readingsHeld());
    assertEquals(80, totals.uploadRequests());
    assertEquals(80, totals.downloadRequests());
    assertEquals(120, beta.readingsServed());
    assertEquals(0, acme.readingsServed());
    assertEquals(160, totals.responses(200));
    assertEquals(80, totals.responses(401));
    assertEquals(acme.responses() + beta.responses(), totals.responses());
  }
}
