package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.Batches;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a tenant's batch sizes through the tenant cache and downloads new readings from its client
 * system: {@code download_batch_size} per request, inserted in chunks of {@code upload_batch_size}.
 * A stored cursor is sent only to the kind and endpoint that wrote it.
 */
public final class SyncManager {

  private static final Logger log = LoggerFactory.getLogger(SyncManager.class);

  private final TenantId tenantId;
  private final TenantCache tenantCache;
  private final DownloadedPages store;
  private final ClientSystemApi clientSystem;
  private final DownloadSource downloadSource;
  private final BatchListener listener;
  private final Executor fetches;
  private BatchSizes batchSizes;
  private TenantCache.Source source;

  /** Fetches each page after the one before it is stored. */
  public SyncManager(
      TenantId tenantId,
      TenantCache tenantCache,
      DownloadedPages store,
      ClientSystemApi clientSystem,
      DownloadSource downloadSource,
      BatchListener listener) {
    this(tenantId, tenantCache, store, clientSystem, downloadSource, listener, Runnable::run);
  }

  /**
   * Fetches the next page on {@code fetches} while the page before it is stored, so the client
   * system's answer and the database write overlap. Requests stay one at a time and in cursor
   * order; a page fetched ahead is dropped, never stored, when the pass ends before it.
   */
  public SyncManager(
      TenantId tenantId,
      TenantCache tenantCache,
      DownloadedPages store,
      ClientSystemApi clientSystem,
      DownloadSource downloadSource,
      BatchListener listener,
      Executor fetches) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.tenantCache = requireNonNull(tenantCache, "tenantCache");
    this.store = requireNonNull(store, "store");
    this.clientSystem = requireNonNull(clientSystem, "clientSystem");
    this.downloadSource = requireNonNull(downloadSource, "downloadSource");
    this.listener = requireNonNull(listener, "listener");
    this.fetches = requireNonNull(fetches, "fetches");
  }

  /**
   * Loads the tenant's batch sizes from the tenant cache and logs them with their source. Called at
   * the start of every cycle, so that a change applies on the next one.
   */
  public BatchSizes initialize() {
    TenantCache.Lookup lookup = tenantCache.getTenant(tenantId);
    BatchSizeLog.problems(log, tenantId, lookup);
    batchSizes = lookup.tenant().sizes();
    source = lookup.source();
    log.info(
        "tenant={} batch config: downloadBatchSize={} uploadBatchSize={} source={}",
        tenantId,
        batchSizes.download(),
        batchSizes.upload(),
        BatchSizeLog.source(source));
    return batchSizes;
  }

  /** The sizes loaded by the last {@link #initialize()}. */
  public BatchSizes batchSizes() {
    requireInitialized();
    return batchSizes;
  }

  /** Where the sizes loaded by the last {@link #initialize()} came from. */
  public TenantCache.Source batchSizeSource() {
    requireInitialized();
    return source;
  }

  /** Downloads until the client system has nothing more right now. */
  public DownloadReport downloadReadings() {
    return downloadReadings(() -> false);
  }

  /**
   * Downloads page by page; each page's chunks, its malformed readings and the cursor after it are
   * stored in one transaction, so a crash never loses or repeats a page. Stops between pages once
   * {@code stop} says so, and at the first failing request.
   */
  public DownloadReport downloadReadings(StopSignal stop) {
    return downloadReadings(stop, TenantLeases.Lease.unguarded(tenantId));
  }

  /**
   * As {@link #downloadReadings(StopSignal)}, holding {@code lease}: renewed before every request,
   * and every page stored fenced by it. A lost lease ends the pass with {@link LeaseLostException}
   * before the next request or store.
   */
  public DownloadReport downloadReadings(StopSignal stop, TenantLeases.Lease lease) {
    requireInitialized();
    int pages = 0;
    int batches = 0;
    int received = 0;
    int inserted = 0;
    int quarantined = 0;
    ClientSystemException failure = null;
    // Read once per pass: each page's cursor is stored with its rows, and only this worker
    // syncs the tenant, so the stored cursor is always the last page's.
    Optional<String> cursor = resumePoint();
    CompletableFuture<ReadingsPage> next = stop.stopRequested() ? null : fetch(cursor, 1, lease);
    try {
      while (next != null && !stop.stopRequested()) {
        ReadingsPage page;
        try {
          page = Futures.join(next);
        } catch (ClientSystemException e) {
          log.warn("tenant={} download failed after {} pages: {}", tenantId, pages, e.getMessage());
          failure = e;
          break;
        } finally {
          next = null;
        }
        if (page.hasMore() && page.received() > 0) {
          next = fetch(Optional.of(page.cursor()), pages + 2, lease);
        }
        try (LogContext.Scope scope = LogContext.batch(BatchOperation.DOWNLOAD, pages + 1)) {
          ReadingsPage storable = keepAsideUnstorable(page);
          List<List<MeterReading>> chunks = Batches.split(storable.readings(), batchSizes.upload());
          int pageInserted =
              store.storePage(
                  tenantId,
                  chunks,
                  storable.malformed(),
                  DownloadCursor.of(storable.cursor(), downloadSource),
                  lease.fence());
          pages++;
          batches += chunks.size();
          received += page.received();
          inserted += pageInserted;
          quarantined += storable.malformed().size();
          listener.batchDone(tenantId, BatchOperation.DOWNLOAD, pages, page.received());
        }
      }
    } finally {
      if (next != null) {
        // Fetched ahead of a pass that ended: dropped, and fetched again next cycle.
        next.handle((unused, ignored) -> null).join();
      }
    }
    log.info(
        "tenant={} download: {} pages, {} insert batches, {} readings received, {} inserted,"
            + " {} quarantined",
        tenantId,
        pages,
        batches,
        received,
        inserted,
        quarantined);
    return new DownloadReport(
        batchSizes.download(),
        batchSizes.upload(),
        pages,
        batches,
        received,
        inserted,
        quarantined,
        Optional.ofNullable(failure));
  }

  /** The stored cursor, if this client system wrote it; else none: download from the start. */
  private Optional<String> resumePoint() {
    Optional<DownloadCursor> stored = store.downloadCursor(tenantId);
    Optional<String> cursor = stored.flatMap(c -> c.resumeFrom(downloadSource));
    if (stored.isPresent() && cursor.isEmpty()) {
      log.info(
          "tenant={} download cursor was written for {}, the tenant now uses {}; downloading from"
              + " the beginning (readings already stored are not inserted twice)",
          tenantId,
          stored.get().source().map(DownloadSource::toString).orElse("an unrecorded client system"),
          downloadSource);
    }
    return cursor;
  }

  /**
   * Starts fetching page {@code number}, the one after {@code cursor}, once the tenant's lease is
   * renewed; an answer larger than asked for is refused. The fetch inherits the page's log context
   * on the thread it runs on.
   */
  private CompletableFuture<ReadingsPage> fetch(
      Optional<String> cursor, int number, TenantLeases.Lease lease) {
    lease.renew();
    int limit = batchSizes.download();
    try (LogContext.Scope scope = LogContext.batch(BatchOperation.DOWNLOAD, number)) {
      return CompletableFuture.supplyAsync(
          () -> clientSystem.fetchReadings(cursor, limit).requireAtMost(tenantId, limit), fetches);
    }
  }

  /** The page with the readings the database cannot store moved to its malformed ones. */
  private ReadingsPage keepAsideUnstorable(ReadingsPage page) {
    List<MeterReading> readings = new ArrayList<>(page.readings().size());
    List<MalformedReading> malformed = new ArrayList<>(page.malformed());
    for (MeterReading reading : page.readings()) {
      Optional<String> reason = store.unstorableReason(reading);
      if (reason.isPresent()) {
        malformed.add(new MalformedReading(reading.id().value(), reading.toString(), reason.get()));
      } else {
        readings.add(reading);
      }
    }
    return malformed.size() == page.malformed().size()
        ? page
        : new ReadingsPage(readings, malformed, page.cursor(), page.hasMore());
  }

  private void requireInitialized() {
    if (batchSizes == null) {
      throw new IllegalStateException("call initialize() first, tenant " + tenantId);
    }
  }
}
