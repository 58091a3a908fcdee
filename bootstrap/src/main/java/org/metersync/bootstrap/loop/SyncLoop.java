package org.metersync.bootstrap.loop;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.metersync.application.CycleReport;
import org.metersync.application.LogContext;
import org.metersync.application.StopSignal;
import org.metersync.application.TenantCycles;
import org.metersync.application.port.CycleHistory;
import org.metersync.bootstrap.observability.LoopState;
import org.metersync.bootstrap.observability.LoopView;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.bootstrap.observability.TenantStatus;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.CycleResult;
import org.metersync.domain.NextRun;
import org.metersync.domain.SyncSchedule;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's sync loop: every tenant gets a cycle every {@code syncIntervalMinutes} on a bounded
 * pool of workers. A tenant is run by one worker at a time here, and by one instance at a time
 * across instances (its tenant lock). After a transient failure the client system's health is
 * checked: if it does not answer, it is checked every {@code connectivityCheckIntervalMs} and
 * synced as soon as it answers; if it does, the tenant backs off exponentially with jitter. When is
 * decided by {@link SyncSchedule}. A failing or slow tenant holds only its own worker.
 */
public final class SyncLoop implements AutoCloseable, LoopView {

  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  private final Map<TenantId, TenantState> tenants = new LinkedHashMap<>();
  private final TenantCycles cycles;
  private final SyncSettings settings;
  private final SyncSchedule schedule;
  private final DoubleSupplier jitter;
  private final Clock clock;
  private final SyncMetrics metrics;
  private final ScheduledExecutorService workers;
  private volatile boolean stopping;
  private volatile boolean started;

  public SyncLoop(
      List<TenantSync> tenantSyncs,
      TenantCycles cycles,
      SyncSettings settings,
      DoubleSupplier jitter,
      Clock clock,
      SyncMetrics metrics) {
    for (TenantSync sync : tenantSyncs) {
      tenants.put(sync.id(), new TenantState(sync));
    }
    this.cycles = requireNonNull(cycles, "cycles");
    this.settings = requireNonNull(settings, "settings");
    this.schedule = settings.schedule();
    this.jitter = requireNonNull(jitter, "jitter");
    this.clock = requireNonNull(clock, "clock");
    this.metrics = requireNonNull(metrics, "metrics");
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(settings.workers(), workerThreads());
    executor.setRemoveOnCancelPolicy(true);
    // On stop, cycles not yet due are dropped; only cycles already running get the grace period.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.workers = executor;
  }

  /** Starts a first cycle for every tenant now; later ones follow their own schedule. */
  public SyncLoop start() {
    started = true;
    log.info(
        "sync loop started: {} tenants, {} workers, a cycle every {} s",
        tenants.size(),
        settings.workers(),
        settings.syncInterval().toMillis() / 1000.0);
    Instant now = clock.instant();
    tenants.values().forEach(state -> schedule(state, now, now));
    return this;
  }

  /** What stops a cycle between batches. */
  public StopSignal stopSignal() {
    return () -> stopping;
  }

  @Override
  public LoopState state() {
    if (stopping || workers.isShutdown()) {
      return LoopState.STOPPED;
    }
    return started ? LoopState.RUNNING : LoopState.OFF;
  }

  /** Every tenant's state, in tenant order. */
  @Override
  public List<TenantStatus> status() {
    return tenants.values().stream().map(TenantState::status).toList();
  }

  /**
   * Stops taking work and lets cycles in flight finish their current batch within {@code grace};
   * cycles still running then are interrupted. A batch is marked in one statement, so even a cycle
   * cut short leaves no half-marked batch.
   *
   * @return whether everything finished within the grace period
   */
  public boolean stop(Duration grace) {
    stopping = true;
    workers.shutdown();
    try {
      if (workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.info("sync loop stopped");
        return true;
      }
      log.warn("cycles still running after the {} s grace period; interrupting", grace.toSeconds());
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      workers.shutdownNow();
      return false;
    }
  }

  @Override
  public void close() {
    stop(settings.shutdownGrace());
  }

  private void schedule(TenantState state, Instant at, Instant now) {
    if (stopping) {
      return;
    }
    state.nextRunAt = at;
    try {
      workers.schedule(
          () -> LogContext.inTenant(state.id(), () -> run(state)),
          Duration.between(now, at).toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      log.debug("tenant={} not rescheduled: the loop is stopping", state.id());
    }
  }

  private void run(TenantState state) {
    if (stopping) {
      return;
    }
    Planned next;
    try {
      next = state.reachable ? cycle(state) : checkConnectivity(state);
    } catch (RuntimeException e) {
      // Database trouble or a defect: keep the loop alive and back off this tenant.
      state.failed(e.toString());
      next = plan(state, new CycleResult.Failed(Optional.empty()));
      log.error(
          "tenant={} cycle failed: {}; next attempt in {} ms",
          state.id(),
          e,
          next.delay().toMillis(),
          e);
      recordQuietly(state, Optional.empty());
    }
    schedule(state, next.run().at(), next.now());
  }

  private Planned checkConnectivity(TenantState state) {
    try {
      state.sync.clientSystem().checkReachable();
    } catch (ClientSystemException e) {
      Planned next = plan(state, new CycleResult.Unreachable(Optional.empty()));
      log.info(
          "tenant={} client system still unreachable ({}); next check in {} ms",
          state.id(),
          e.getMessage(),
          next.delay().toMillis());
      return next;
    }
    log.info("tenant={} client system reachable again; syncing now", state.id());
    state.reachable = true;
    return cycle(state);
  }

  private Planned cycle(TenantState state) {
    Optional<CycleReport> ran = cycles.runLocked(state.sync.cycle(), stopSignal());
    if (ran.isEmpty()) {
      log.info("tenant={} is being synced by another worker; skipping this cycle", state.id());
      state.lastOutcome = CycleOutcome.SKIPPED;
      return plan(state, new CycleResult.Skipped());
    }
    CycleReport report = ran.get();
    metrics.cycle(report);
    if (report.succeeded()) {
      state.succeeded();
      recordQuietly(state, Optional.of(report));
      return plan(state, new CycleResult.Synced());
    }
    ClientSystemException failure = report.failure().orElseThrow();
    state.failed(failure.getMessage());
    recordQuietly(state, Optional.of(report));
    return afterFailure(state, failure);
  }

  private Planned afterFailure(TenantState state, ClientSystemException failure) {
    Optional<Duration> retryAfter = Optional.empty();
    if (failure instanceof ClientSystemUnavailableException unavailable) {
      retryAfter = unavailable.retryAfter();
      if (!answersHealthCheck(state)) {
        state.reachable = false;
        log.warn(
            "tenant={} client system unreachable; checking every {} ms",
            state.id(),
            settings.connectivityCheckInterval().toMillis());
        return plan(state, new CycleResult.Unreachable(retryAfter));
      }
    }
    Planned next = plan(state, new CycleResult.Failed(retryAfter));
    log.warn(
        "tenant={} cycle failed ({} in a row): {}; retrying in {} ms",
        state.id(),
        state.consecutiveFailures,
        failure.getMessage(),
        next.delay().toMillis());
    return next;
  }

  private Planned plan(TenantState state, CycleResult result) {
    Instant now = clock.instant();
    return new Planned(
        schedule.next(result, state.consecutiveFailures, now, jitter.getAsDouble()), now);
  }

  /** A next run, and the instant it was decided at. */
  private record Planned(NextRun run, Instant now) {
    Duration delay() {
      return Duration.between(now, run.at());
    }
  }

  private static boolean answersHealthCheck(TenantState state) {
    try {
      state.sync.clientSystem().checkReachable();
      return true;
    } catch (ClientSystemException e) {
      return false;
    }
  }

  private void recordQuietly(TenantState state, Optional<CycleReport> report) {
    try {
      cycles.record(
          state.id(),
          new CycleHistory.CycleRecord(
              clock.instant(),
              state.lastOutcome,
              Optional.ofNullable(state.lastError),
              report.map(r -> (long) r.upload().synchronizedCount()).orElse(0L),
              report
                  .map(r -> r.download() == null ? 0L : (long) r.download().inserted())
                  .orElse(0L),
              state.consecutiveFailures));
    } catch (RuntimeException e) {
      log.warn("tenant={} could not record the cycle's outcome: {}", state.id(), e.getMessage());
    }
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sync-worker-" + number.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    };
  }

  /** One tenant's place in the loop; touched by one worker at a time. */
  private final class TenantState {
    final TenantSync sync;
    volatile boolean reachable = true;
    volatile int consecutiveFailures;
    volatile CycleOutcome lastOutcome = CycleOutcome.NONE;
    volatile String lastError;
    volatile Instant lastCycleAt;
    volatile Instant nextRunAt;

    TenantState(TenantSync sync) {
      this.sync = sync;
    }

    TenantId id() {
      return sync.id();
    }

    void succeeded() {
      consecutiveFailures = 0;
      lastOutcome = CycleOutcome.OK;
      lastError = null;
      lastCycleAt = clock.instant();
    }

    void failed(String error) {
      consecutiveFailures++;
      lastOutcome = CycleOutcome.FAILED;
      lastError = error;
      lastCycleAt = clock.instant();
    }

    TenantStatus status() {
      return new TenantStatus(
          id(),
          lastOutcome,
          Optional.ofNullable(lastCycleAt),
          Optional.ofNullable(lastError),
          reachable,
          consecutiveFailures,
          Optional.ofNullable(nextRunAt));
    }
  }
}
