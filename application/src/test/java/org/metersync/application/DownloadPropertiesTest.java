package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.ForwardingClientSystem;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.StoredReading;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.application.fakes.TestReadings;
import org.metersync.application.fakes.TestThreads;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;
import org.quicktheories.core.Gen;

/** Seed Property 5 (download side), against the in-memory fakes. */
class DownloadPropertiesTest {

  /** Pages are fetched ahead on their own thread, as in the service. */
  private static final Executor FETCHES = TestThreads.daemon("download-properties-fetches");

  private static final TenantId T = TenantId.of("tenant-1");
  private static AutoCloseable silenced;

  @BeforeAll
  static void silenceLogs() {
    silenced = LogCapture.silence();
  }

  @AfterAll
  static void restoreLogs() throws Exception {
    silenced.close();
  }

  /**
   * The client system's feed (true marks a malformed entry), the tenant's batch sizes, the server's
   * own page cap if any, and the fetch that fails if any.
   */
  private record Scenario(
      List<Boolean> feed,
      int downloadSize,
      int uploadSize,
      Optional<Integer> serverPageCap,
      Optional<Integer> failAfterFetches) {}

  private static Gen<Integer> sizes() {
    return integers().between(1, 40).mix(integers().between(41, 10_000), 10);
  }

  private static Gen<Scenario> scenarios() {
    Gen<Boolean> malformed = booleans().all().map((a, b) -> a && b);
    return lists()
        .of(malformed)
        .ofSizeBetween(0, 150)
        .zip(
            sizes(),
            sizes(),
            integers().between(1, 30).toOptionals(70),
            integers().between(0, 6).toOptionals(75),
            Scenario::new);
  }

  @Test
  @DisplayName("Property 5: batch operations use configured sizes (download)")
  void batchOperationsUseConfiguredSizes() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(scenarios())
        .checkAssert(
            scenario -> {
              examples.incrementAndGet();
              InMemorySyncDatabase db = new InMemorySyncDatabase();
              db.addTenant(T, scenario.downloadSize(), scenario.uploadSize());
              FakeClientSystem client = feed(scenario);
              PageRecorder pages = new PageRecorder(client);
              SyncManager manager =
                  new SyncManager(
                      T,
                      new InMemoryTenantCache(db),
                      db,
                      pages,
                      FakeClientSystem.SOURCE,
                      BatchListener.NONE,
                      FETCHES);
              manager.initialize();

              DownloadReport report = manager.downloadReadings();

              client.fetchLimits().forEach(limit -> assertEquals(scenario.downloadSize(), limit));
              pages.pages.forEach(p -> assertTrue(p.received() <= scenario.downloadSize()));
              assertEquals(expectedChunks(pages.pages, scenario.uploadSize()), db.insertSizes());
              assertEquals(pages.pages.size(), report.pages());
              assertEquals(db.insertSizes().size(), report.batches());
              assertEverythingReceivedStoredOnce(db, pages.pages, report);
              if (scenario.failAfterFetches().isEmpty()) {
                assertEquals(
                    Optional.of(String.valueOf(scenario.feed().size())), db.storedCursor(T));
              }
            });
    assertAtLeast100(examples);
  }

  private static FakeClientSystem feed(Scenario scenario) {
    FakeClientSystem client = new FakeClientSystem();
    for (int i = 0; i < scenario.feed().size(); i++) {
      if (scenario.feed().get(i)) {
        client.addMalformed(new MalformedReading("bad-" + i, "{}", "value is missing"));
      } else {
        client.addDownloadable(TestReadings.reading("d-", i));
      }
    }
    scenario.serverPageCap().ifPresent(client::maxPageSize);
    scenario
        .failAfterFetches()
        .ifPresent(
            n -> client.failFetchAfter(n, new ClientSystemUnavailableException("503", null)));
    return client;
  }

  /** Fewest statements: each page's readings in full chunks of the upload size, then the rest. */
  private static List<Integer> expectedChunks(List<ReadingsPage> pages, int uploadSize) {
    List<Integer> chunks = new ArrayList<>();
    for (ReadingsPage page : pages) {
      int left = page.readings().size();
      while (left > 0) {
        chunks.add(Math.min(uploadSize, left));
        left -= uploadSize;
      }
    }
    return chunks;
  }

  private static void assertEverythingReceivedStoredOnce(
      InMemorySyncDatabase db, List<ReadingsPage> pages, DownloadReport report) {
    List<MeterReading> received = pages.stream().flatMap(p -> p.readings().stream()).toList();
    assertEquals(received, db.readings(T).stream().map(StoredReading::reading).toList());
    assertEquals(received.size(), report.inserted());
    assertEquals(
        pages.stream().mapToInt(p -> p.malformed().size()).sum(), db.quarantined(T).size());
  }

  /** Passes calls through and keeps every page the client system returned. */
  private static final class PageRecorder extends ForwardingClientSystem {
    private final List<ReadingsPage> pages = new ArrayList<>();

    PageRecorder(ClientSystemApi delegate) {
      super(delegate);
    }

    @Override
    public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
      ReadingsPage page = super.fetchReadings(cursor, limit);
      pages.add(page);
      return page;
    }
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
