package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantLeases;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.Batches;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.PoisonSearch;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SystematicRejection;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadHorizon;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a tenant's backlog to its client system, oldest first, one batch of at most {@code
 * upload_batch_size} at a time, and marks exactly the accepted readings synchronized.
 *
 * <p>Given an executor, a batch's mark runs on it while the next batch is read and uploaded, so the
 * database write and the client system's answer overlap. Uploads stay one at a time and in order;
 * at most {@value #MARKS_IN_FLIGHT} marks are in flight, and batches are reported in order. A crash
 * with a mark in flight leaves its batch pending, to be uploaded again under the same idempotency
 * keys, as a crash between an upload and its mark always could.
 *
 * <p>Before a batch is sent, the tenant's {@link UploadHorizon} is raised past it, so a reading the
 * client system may hold is always known to be in doubt (decision 0012); the client system is told
 * which readings of each batch are, and only those can need its check for a copy.
 */
public final class MeterReadingUploadManager {

  private static final Logger log = LoggerFactory.getLogger(MeterReadingUploadManager.class);

  /**
   * Marks that may run while the next batch is uploaded. Two keep a fast client system busy while
   * the database writes; each costs the cycle one more connection while it runs.
   */
  private static final int MARKS_IN_FLIGHT = 2;

  /** A failed batch's halves: both failing is taken as the client system's failure at first. */
  private static final int INITIAL_PATIENCE = 2;

  private final TenantId tenantId;
  private final TenantCache tenantCache;
  private final UploadBacklog backlog;
  private final UploadAttempts attempts;
  private final ClientSystemApi clientSystem;
  private final int maxRetries;
  private final BatchListener listener;
  private final Executor marks;

  /** Parts a failed batch's search may see fail before one goes through; grows while all fail. */
  private volatile int patience = INITIAL_PATIENCE;

  /** Marks each batch before the next is read. */
  public MeterReadingUploadManager(
      TenantId tenantId,
      TenantCache tenantCache,
      UploadBacklog backlog,
      UploadAttempts attempts,
      ClientSystemApi clientSystem,
      int maxRetries,
      BatchListener listener) {
    this(
        tenantId,
        tenantCache,
        backlog,
        attempts,
        clientSystem,
        maxRetries,
        listener,
        Runnable::run);
  }

  /**
   * Marks each batch on {@code marks} while the next batches are read and uploaded. The executor
   * needs {@value #MARKS_IN_FLIGHT} threads per tenant uploading at the same time, and the database
   * as many more connections.
   */
  public MeterReadingUploadManager(
      TenantId tenantId,
      TenantCache tenantCache,
      UploadBacklog backlog,
      UploadAttempts attempts,
      ClientSystemApi clientSystem,
      int maxRetries,
      BatchListener listener,
      Executor marks) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.tenantCache = requireNonNull(tenantCache, "tenantCache");
    this.backlog = requireNonNull(backlog, "backlog");
    this.attempts = requireNonNull(attempts, "attempts");
    this.clientSystem = requireNonNull(clientSystem, "clientSystem");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
    }
    this.maxRetries = maxRetries;
    this.listener = requireNonNull(listener, "listener");
    this.marks = requireNonNull(marks, "marks");
  }

  /**
   * Drains the backlog: each pending reading is tried at most once per pass, readings added during
   * the pass included. A batch that fails as a whole is sent again in halves while the client
   * system answers ({@link PoisonSearch}): the readings that can go, go, and one it keeps failing
   * on alone is charged an attempt. Stops at the first batch whose failure is not its readings'
   * own, leaving them untouched. Batch sizes come from the tenant cache.
   */
  public UploadReport uploadReadings() {
    return uploadReadings(() -> false);
  }

  /** As {@link #uploadReadings()}, stopping between batches once {@code stop} says so. */
  public UploadReport uploadReadings(StopSignal stop) {
    TenantCache.Lookup lookup = tenantCache.getTenant(tenantId);
    BatchSizeLog.problems(log, tenantId, lookup);
    return uploadReadings(lookup.tenant().sizes(), stop);
  }

  /** As {@link #uploadReadings(StopSignal)}, with sizes the caller already loaded this cycle. */
  public UploadReport uploadReadings(BatchSizes sizes, StopSignal stop) {
    return uploadReadings(sizes, stop, TenantLeases.Lease.unguarded(tenantId));
  }

  /**
   * As {@link #uploadReadings(BatchSizes, StopSignal)}, holding {@code lease}: renewed before every
   * upload, and every mark and attempt record fenced by it. A lost lease ends the pass with {@link
   * LeaseLostException} before the next upload or mark.
   */
  public UploadReport uploadReadings(BatchSizes sizes, StopSignal stop, TenantLeases.Lease lease) {
    int batchSize = sizes.upload();
    UploadReport.Builder report = new UploadReport.Builder(batchSize);
    Deque<InFlight> inFlight = new ArrayDeque<>();
    try {
      UploadHorizon horizon = backlog.uploadHorizon(tenantId);
      long after = Long.MIN_VALUE;
      int number = 0;
      while (!stop.stopRequested()) {
        // The batch's mark inherits this context on the pipeline thread it runs on.
        try (LogContext.Scope scope = LogContext.batch(BatchOperation.UPLOAD, ++number)) {
          List<PendingReading> batch =
              backlog.getUnsynchronizedReadings(tenantId, after, batchSize);
          if (batch.isEmpty()) {
            break;
          }
          after = batch.get(batch.size() - 1).position();
          UploadOutcome outcome;
          List<MeterReading> readings = Batches.requireDistinctIds(tenantId, readingsOf(batch));
          try {
            lease.renew();
            Set<ReadingId> inDoubt = horizon.inDoubt(batch);
            horizon = raiseFor(batch, horizon, lease);
            outcome =
                UploadOutcome.decide(batch, clientSystem.upload(readings, inDoubt), maxRetries);
          } catch (ClientSystemException e) {
            PoisonSearch.Result<ClientSystemException> narrowed = narrow(batch, e, stop, lease);
            if (narrowed.failure().isPresent()) {
              UploadOutcome decided = narrowed.outcome().decided();
              if (decided.size() > 0) {
                inFlight.add(
                    new InFlight(number, decided.size(), decided, record(decided, lease.fence())));
              }
              finishAll(inFlight, report);
              log.warn(
                  "tenant={} upload of {} readings failed, statuses unchanged: {}",
                  tenantId,
                  batch.size() - decided.size(),
                  narrowed.failure().get().getMessage());
              report.failure(narrowed.failure().get());
              break;
            }
            outcome = narrowed.outcome();
          }
          inFlight.add(new InFlight(number, batch.size(), outcome, record(outcome, lease.fence())));
          while (!inFlight.isEmpty()
              && (inFlight.size() > MARKS_IN_FLIGHT || inFlight.peek().marked().isDone())) {
            finish(inFlight.poll(), report);
          }
          if (batch.size() < batchSize) {
            break;
          }
        }
      }
    } catch (RuntimeException | Error e) {
      // Batches in flight still finish; their own failures must not hide this one.
      try {
        finishAll(inFlight, report);
      } catch (RuntimeException | Error f) {
        e.addSuppressed(f);
      }
      throw e;
    }
    finishAll(inFlight, report);
    UploadReport done = report.build();
    if (done.failure().isEmpty()) {
      patience = INITIAL_PATIENCE;
    }
    return done;
  }

  /**
   * Records, before {@code batch} is sent, that its readings may reach the client system: from then
   * on they are in doubt until their outcome is recorded, whatever happens to this process.
   */
  private UploadHorizon raiseFor(
      List<PendingReading> batch, UploadHorizon horizon, TenantLeases.Lease lease) {
    if (!horizon.isBelow(batch)) {
      return horizon;
    }
    UploadHorizon raised = horizon.raisedFor(batch);
    backlog.raiseUploadHorizon(tenantId, raised, lease.fence());
    return raised;
  }

  /**
   * After a batch failed as a whole: if the failure may be its readings' own and the client system
   * still answers, sends it again in halves to find the readings it fails on ({@link
   * PoisonSearch}).
   */
  private PoisonSearch.Result<ClientSystemException> narrow(
      List<PendingReading> batch,
      ClientSystemException failure,
      StopSignal stop,
      TenantLeases.Lease lease) {
    PoisonSearch.Probe<ClientSystemException> probe =
        new PoisonSearch.Probe<>() {
          @Override
          public PoisonSearch.Answer<ClientSystemException> send(List<PendingReading> part) {
            lease.renew();
            try {
              // The whole batch was sent once, with an unknown outcome: all of it is in doubt.
              List<MeterReading> readings = readingsOf(part);
              return new PoisonSearch.Answer.Verdicts<>(
                  clientSystem.upload(readings, idsOf(readings)));
            } catch (ClientSystemException e) {
              return failed(e);
            }
          }

          @Override
          public boolean reachable() {
            lease.renew();
            try {
              clientSystem.checkReachable();
              return true;
            } catch (ClientSystemException e) {
              return false;
            }
          }

          @Override
          public boolean stopRequested() {
            return stop.stopRequested();
          }
        };
    PoisonSearch.Result<ClientSystemException> result =
        PoisonSearch.narrow(batch, failed(failure), maxRetries, patience, probe);
    if (result.requests() > 0) {
      log.info(
          "tenant={} upload of {} readings failed ({}); sent again in {} parts: {} synchronized,"
              + " {} charged an attempt, {} unchanged",
          tenantId,
          batch.size(),
          failure.getMessage(),
          result.requests(),
          result.outcome().synchronize().size(),
          result.outcome().retry().size() + result.outcome().failed().size(),
          result.outcome().unchanged().size());
    }
    if (result.inconclusive()) {
      // Every part failed: look further next time, in case poison readings filled every part.
      patience = Math.min(patience + INITIAL_PATIENCE, PoisonSearch.MAX_PATIENCE);
    }
    return result;
  }

  /**
   * A failure that may be the readings' own: transient, and not a request to wait (a {@code
   * Retry-After}), which halving the batch would only answer with more requests.
   */
  private static PoisonSearch.Answer.Failed<ClientSystemException> failed(ClientSystemException e) {
    boolean askedToWait =
        e instanceof ClientSystemUnavailableException u && u.retryAfter().isPresent();
    return new PoisonSearch.Answer.Failed<>(
        e, String.valueOf(e.getMessage()), e.isTransient() && !askedToWait);
  }

  /**
   * Waits for every batch in flight, oldest first; throws the first failure, the rest suppressed.
   */
  private void finishAll(Deque<InFlight> inFlight, UploadReport.Builder report) {
    Throwable first = null;
    for (InFlight batch = inFlight.poll(); batch != null; batch = inFlight.poll()) {
      try {
        finish(batch, report);
      } catch (RuntimeException | Error e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first instanceof RuntimeException e) {
      throw e;
    }
    if (first instanceof Error e) {
      throw e;
    }
  }

  /** Starts the batch's mark and attempt records on the executor. */
  private CompletableFuture<Integer> record(UploadOutcome outcome, Fence fence) {
    return CompletableFuture.supplyAsync(
        () -> {
          int marked =
              outcome.synchronize().isEmpty()
                  ? 0
                  : backlog.markReadingsAsSynchronized(outcome.synchronize(), tenantId, fence);
          if (!outcome.retry().isEmpty() || !outcome.failed().isEmpty()) {
            attempts.recordUploadAttempts(tenantId, outcome.retry(), outcome.failed(), fence);
          }
          return marked;
        },
        marks);
  }

  /**
   * Waits for the batch's records, then reports it: one line with what became of its readings, and
   * a warning when the client system turned it down for one reason. A database error is rethrown as
   * it was.
   */
  private void finish(InFlight batch, UploadReport.Builder report) {
    try (LogContext.Scope scope = LogContext.batch(BatchOperation.UPLOAD, batch.number())) {
      int marked = Futures.join(batch.marked());
      UploadOutcome outcome = batch.outcome();
      Optional<SystematicRejection> rejection = SystematicRejection.of(outcome);
      report.add(outcome, marked, rejection.isPresent());
      int number = report.batches();
      log.info(
          "tenant={} upload batch {}: {} readings: {} accepted, {} already present, {} rejected"
              + " (retry), {} failed, {} marked synchronized",
          tenantId,
          number,
          batch.size(),
          outcome.acceptedCount(),
          outcome.alreadyPresent().size(),
          outcome.retry().size(),
          outcome.failed().size(),
          marked);
      // One line per batch, not per reading: a setting at fault rejects every reading alike.
      rejection.ifPresent(r -> warnRejected(number, r));
      listener.uploadDecided(tenantId, number, outcome, rejection);
      listener.batchDone(tenantId, BatchOperation.UPLOAD, number, batch.size());
    }
  }

  private void warnRejected(int number, SystematicRejection rejection) {
    log.warn(
        "tenant={} upload batch {}: {} readings rejected: {}",
        tenantId,
        number,
        rejection.whole()
            ? "all " + rejection.readings()
            : rejection.rejected() + " of " + rejection.readings(),
        rejection.reason());
  }

  private record InFlight(
      int number, int size, UploadOutcome outcome, CompletableFuture<Integer> marked) {}

  private static Set<ReadingId> idsOf(List<MeterReading> readings) {
    Set<ReadingId> ids = new LinkedHashSet<>();
    readings.forEach(reading -> ids.add(reading.id()));
    return ids;
  }

  private static List<MeterReading> readingsOf(List<PendingReading> batch) {
    return batch.stream().map(PendingReading::reading).toList();
  }
}
