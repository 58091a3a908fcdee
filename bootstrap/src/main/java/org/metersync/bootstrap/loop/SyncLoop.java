package org.metersync.bootstrap.loop;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import java.util.stream.Collectors;
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
import org.metersync.domain.TenantShares;
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
 *
 * <p>Several instances on one sync database share the tenants: each registers through its {@link
 * Instances}, renews that every {@link Instances#renewEvery()} and syncs only its share of the
 * enabled tenants among the instances live then ({@link TenantShares}); a tenant that moves to
 * another instance finishes its cycle in flight here first, and its lease keeps the two apart while
 * the instances' views differ.
 *
 * <p>The tenants are read anew from its {@link TenantRoster} every sync interval and whenever
 * {@link #refreshSoon} is called (a tenant change notification): added tenants are synced at once,
 * disabled ones no longer, and a tenant whose client system settings changed gets a client system
 * made anew, used from its next cycle (a cycle in flight finishes on the old one; a tenant never
 * runs two cycles at once). A tenant whose client system cannot be made is logged, shown in its
 * status, and tried again at the next refresh, while the others go on.
 */
public final class SyncLoop implements AutoCloseable, LoopView {

  private static final Logger log = LoggerFactory.getLogger(SyncLoop.class);

  private final Map<TenantId, TenantState> tenants =
      new ConcurrentSkipListMap<>((a, b) -> a.value().compareTo(b.value()));
  private final TenantRoster roster;
  private final Instances instances;
  private final TenantCycles cycles;
  private final SyncSettings settings;
  private final SyncSchedule schedule;
  private final DoubleSupplier jitter;
  private final Clock clock;
  private final SyncMetrics metrics;
  private final ScheduledExecutorService workers;
  private final ScheduledExecutorService refresher;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();

  /** The instances live at the last renewal, this one included; written on the refresh thread. */
  private volatile Set<String> live;

  /** What the last share line said, so that it is logged when it changes only. */
  private String lastShare = "";

  private volatile boolean stopping;
  private volatile boolean started;

  /** A loop over these tenants alone, never refreshed from elsewhere. */
  public SyncLoop(
      List<TenantSync> tenantSyncs,
      TenantCycles cycles,
      SyncSettings settings,
      DoubleSupplier jitter,
      Clock clock,
      SyncMetrics metrics) {
    this(TenantRoster.fixed(tenantSyncs), tenantSyncs, cycles, settings, jitter, clock, metrics);
  }

  /**
   * A loop that starts with {@code tenantSyncs}, already made, follows {@code roster} from then on
   * and syncs every tenant.
   */
  public SyncLoop(
      TenantRoster roster,
      List<TenantSync> tenantSyncs,
      TenantCycles cycles,
      SyncSettings settings,
      DoubleSupplier jitter,
      Clock clock,
      SyncMetrics metrics) {
    this(roster, Instances.alone(), tenantSyncs, cycles, settings, jitter, clock, metrics);
  }

  /**
   * A loop that starts with {@code tenantSyncs}, already made, follows {@code roster} from then on
   * and syncs its share of the tenants among {@code instances}.
   */
  public SyncLoop(
      TenantRoster roster,
      Instances instances,
      List<TenantSync> tenantSyncs,
      TenantCycles cycles,
      SyncSettings settings,
      DoubleSupplier jitter,
      Clock clock,
      SyncMetrics metrics) {
    this.roster = requireNonNull(roster, "roster");
    this.instances = requireNonNull(instances, "instances");
    this.live = Set.of(instances.self());
    for (TenantSync sync : tenantSyncs) {
      tenants.put(sync.id(), new TenantState(new TenantEntry(sync.settings(), true), sync));
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
    this.refresher = Executors.newSingleThreadScheduledExecutor(refreshThread());
  }

  /**
   * Starts a first cycle for every tenant now; later ones follow their own schedule. Reads the
   * tenants anew at once, then every sync interval.
   */
  public SyncLoop start() {
    started = true;
    log.info(
        "sync loop started: {} tenants, {} workers, a cycle every {} s",
        tenants.size(),
        settings.workers(),
        settings.syncInterval().toMillis() / 1000.0);
    if (instances.shared()) {
      // Before any cycle, so that a new instance starts with its share, not with every tenant.
      renewQuietly();
      long every = instances.renewEvery().toMillis();
      refresher.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }
    Instant now = clock.instant();
    tenants.values().forEach(state -> schedule(state, now, now));
    long interval = settings.syncInterval().toMillis();
    refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, interval, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Reads the tenants anew soon, such as after a tenant change notification; never blocks. */
  public void refreshSoon() {
    if (!started || stopping || !refreshQueued.compareAndSet(false, true)) {
      return;
    }
    try {
      refresher.execute(
          () -> {
            refreshQueued.set(false);
            refreshQuietly();
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      refreshQueued.set(false);
    }
  }

  /** A failed refresh must not end the periodic ones. */
  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      log.error("refreshing the tenants failed: {}", e.toString(), e);
    }
  }

  /**
   * Reads the tenants from the roster and applies what changed; runs on the refresh thread only.
   * The tenant table being out of reach leaves everything as it was.
   */
  void refresh() {
    if (stopping) {
      return;
    }
    List<TenantEntry> now;
    try {
      now = roster.current();
    } catch (RuntimeException e) {
      log.warn("could not read the tenants; keeping the ones known: {}", e.getMessage());
      return;
    }
    Map<TenantId, TenantEntry> known =
        tenants.values().stream().collect(Collectors.toMap(TenantState::id, s -> s.entry));
    List<TenantChange> changes = TenantChange.between(known, now);
    for (TenantChange change : changes) {
      try {
        apply(change);
      } catch (RuntimeException e) {
        log.error("tenant={} change not applied: {}", change.id(), e.toString(), e);
      }
    }
    // A tenant that could not be made is tried again at every refresh.
    Set<TenantId> changed = changes.stream().map(TenantChange::id).collect(Collectors.toSet());
    for (TenantState state : tenants.values()) {
      if (!changed.contains(state.id()) && state.entry.enabled() && state.sync == null) {
        make(state, "made on a retry");
      }
    }
    if (!changes.isEmpty()) {
      reshare();
    }
  }

  /**
   * Renews this instance's registration and takes up its share among the instances live now; if the
   * database fails, the share stays as it was (leases still keep instances apart). On the refresh
   * thread, or in {@link #start} before it runs.
   */
  private void renewQuietly() {
    if (stopping) {
      return;
    }
    try {
      Set<String> now = instances.renew();
      if (!now.contains(instances.self())) {
        throw new IllegalStateException("the live instances " + now + " leave out this one");
      }
      live = Set.copyOf(now);
    } catch (RuntimeException e) {
      log.warn(
          "renewing the registration of instance {} failed; keeping the share of {} live"
              + " instance(s): {}",
          instances.self(),
          live.size(),
          e.getMessage());
      return;
    }
    reshare();
  }

  /**
   * Syncs from now on the tenants assigned to this instance among the live ones: those it gains are
   * synced at once, those it loses are not scheduled again (a cycle in flight finishes). A loop
   * alone syncs every tenant.
   */
  private void reshare() {
    if (!instances.shared()) {
      return;
    }
    Set<String> liveNow = live;
    List<TenantId> enabled =
        tenants.values().stream().filter(s -> s.entry.enabled()).map(TenantState::id).toList();
    Map<TenantId, String> owners = TenantShares.assign(enabled, liveNow);
    int mine = 0;
    for (TenantState state : tenants.values()) {
      boolean ours = instances.self().equals(owners.get(state.id()));
      mine += ours ? 1 : 0;
      synchronized (state) {
        if (state.ours == ours) {
          continue;
        }
        state.ours = ours;
        if (ours) {
          if (state.syncable()) {
            state.runSoon();
          }
        } else {
          state.cancel();
        }
      }
      log.debug(
          "tenant={} {}",
          state.id(),
          ours ? "now synced by this instance" : "now synced by " + owners.get(state.id()));
    }
    String share =
        "tenant share: %d instance(s) live, this instance (%s) syncs %d of %d enabled tenant(s)"
            .formatted(liveNow.size(), instances.self(), mine, enabled.size());
    if (!share.equals(lastShare)) {
      lastShare = share;
      log.info("{}; at most {} each", share, TenantShares.share(enabled.size(), liveNow.size()));
    }
  }

  private void apply(TenantChange change) {
    if (change instanceof TenantChange.Added added) {
      TenantState state = new TenantState(added.entry(), null);
      tenants.put(state.id(), state);
      metrics.register(state.id());
      if (added.entry().enabled()) {
        make(state, "added");
      } else {
        log.info("tenant={} added, disabled: not synced until enabled", state.id());
      }
    } else if (change instanceof TenantChange.Removed removed) {
      TenantState state = tenants.remove(removed.id());
      synchronized (state) {
        state.removed = true;
        state.cancel();
      }
      log.info("tenant={} no longer in the tenant table: not synced any more", removed.id());
    } else if (change instanceof TenantChange.Disabled disabled) {
      TenantState state = tenants.get(disabled.id());
      synchronized (state) {
        state.entry = disabled.entry();
        state.sync = null;
        state.problem = null;
        state.cancel();
      }
      log.info(
          "tenant={} disabled: not synced until enabled again; its data is kept", disabled.id());
    } else if (change instanceof TenantChange.Updated updated) {
      tenants.get(updated.id()).entry = updated.entry();
    } else if (change instanceof TenantChange.Remade remade) {
      TenantState state = tenants.get(remade.id());
      state.entry = remade.entry();
      make(state, remade.what());
    }
  }

  /**
   * Makes the tenant's client system from its entry and has it synced at once; if that fails, the
   * tenant is not synced until a later refresh makes it.
   */
  private void make(TenantState state, String why) {
    TenantEntry entry = state.entry;
    TenantSync made;
    try {
      made = roster.make(entry);
    } catch (RuntimeException e) {
      // A plug-in's factory may fail in other ways than it should; that is this tenant's problem.
      String problem =
          e instanceof IllegalArgumentException && e.getMessage() != null
              ? e.getMessage()
              : "tenant " + state.id() + ": " + e;
      boolean news = !problem.equals(state.problem);
      synchronized (state) {
        state.sync = null;
        state.problem = problem;
        state.cancel();
      }
      if (news) {
        log.warn(
            "tenant={} not synced ({}): its client system cannot be made: {}; trying again at"
                + " the next refresh",
            state.id(),
            why,
            problem);
      }
      return;
    }
    boolean replaced;
    synchronized (state) {
      if (state.removed || state.entry != entry) {
        return;
      }
      replaced = state.sync != null;
      state.sync = made;
      state.problem = null;
      state.reachable = true;
      state.runSoon();
    }
    log.info(
        "tenant={} {}: syncing with {} at {}{}",
        state.id(),
        why,
        made.settings().kind(),
        made.settings().endpoint(),
        replaced ? " from its next cycle" : "");
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

  @Override
  public int instances() {
    return live.size();
  }

  /** Every tenant's state, in tenant order: enabled, disabled, and those that cannot be made. */
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
    refresher.shutdownNow();
    workers.shutdown();
    try {
      return awaitCycles(grace);
    } finally {
      leaveQuietly();
    }
  }

  /** After the last cycle here, so the others take this instance's tenants only then. */
  private void leaveQuietly() {
    if (!instances.shared() || !started) {
      return;
    }
    try {
      instances.leave();
    } catch (RuntimeException e) {
      log.warn(
          "ending the registration of instance {} failed; the others take its tenants when it"
              + " expires: {}",
          instances.self(),
          e.getMessage());
    }
  }

  private boolean awaitCycles(Duration grace) {
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

  /** Schedules the tenant's next run, unless it is not to be synced (any more). */
  private void schedule(TenantState state, Instant at, Instant now) {
    synchronized (state) {
      if (stopping || !state.syncable() || state.running || state.next != null) {
        return;
      }
      state.nextRunAt = at;
      try {
        state.next =
            workers.schedule(
                () -> LogContext.inTenant(state.id(), () -> run(state)),
                Duration.between(now, at).toMillis(),
                TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException e) {
        log.debug("tenant={} not rescheduled: the loop is stopping", state.id());
      }
    }
  }

  private void run(TenantState state) {
    TenantSync sync;
    synchronized (state) {
      state.next = null;
      if (stopping || !state.syncable()) {
        return;
      }
      state.running = true;
      sync = state.sync;
    }
    Planned next;
    try {
      next = runCycle(state, sync);
    } catch (Error e) {
      synchronized (state) {
        state.running = false;
      }
      throw e;
    }
    synchronized (state) {
      state.running = false;
      if (state.soon) {
        // Made anew while this cycle ran: the new client system runs at once.
        state.soon = false;
        next = null;
      }
    }
    Instant now = clock.instant();
    schedule(state, next == null ? now : next.run().at(), next == null ? now : next.now());
  }

  private Planned runCycle(TenantState state, TenantSync sync) {
    if (stopping) {
      return null;
    }
    Planned next;
    try {
      next = state.reachable ? cycle(state, sync) : checkConnectivity(state, sync);
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
    return next;
  }

  private Planned checkConnectivity(TenantState state, TenantSync sync) {
    try {
      sync.clientSystem().checkReachable();
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
    return cycle(state, sync);
  }

  private Planned cycle(TenantState state, TenantSync sync) {
    // Disabling a tenant stops its cycle in flight between batches, like a shutdown.
    Optional<CycleReport> ran =
        cycles.runLocked(sync.cycle(), () -> stopping || !state.entry.enabled());
    if (ran.isEmpty()) {
      log.info("tenant={} is being synced by another worker; skipping this cycle", state.id());
      state.lastOutcome = CycleOutcome.SKIPPED;
      Planned next = plan(state, new CycleResult.Skipped());
      if (instances.shared() && next.delay().compareTo(instances.renewEvery()) > 0) {
        // Handed over while its former instance finished a cycle: look again soon, not an
        // interval later.
        return new Planned(
            new NextRun(next.now().plus(instances.renewEvery()), next.run().reason()), next.now());
      }
      return next;
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
    return afterFailure(state, sync, failure);
  }

  private Planned afterFailure(TenantState state, TenantSync sync, ClientSystemException failure) {
    Optional<Duration> retryAfter = Optional.empty();
    if (failure instanceof ClientSystemUnavailableException unavailable) {
      retryAfter = unavailable.retryAfter();
      if (!answersHealthCheck(sync)) {
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

  private static boolean answersHealthCheck(TenantSync sync) {
    try {
      sync.clientSystem().checkReachable();
      return true;
    } catch (ClientSystemException e) {
      return false;
    }
  }

  private void recordQuietly(TenantState state, Optional<CycleReport> report) {
    Instant at = clock.instant();
    try {
      cycles.record(
          state.id(),
          new CycleHistory.CycleRecord(
              at,
              state.lastOutcome,
              Optional.ofNullable(state.lastError),
              report.map(r -> (long) r.upload().synchronizedCount()).orElse(0L),
              report
                  .map(r -> r.download() == null ? 0L : (long) r.download().inserted())
                  .orElse(0L),
              state.consecutiveFailures,
              report.filter(CycleReport::uploadSucceeded).map(r -> at),
              report.filter(CycleReport::downloadSucceeded).map(r -> at)));
    } catch (RuntimeException e) {
      log.warn("tenant={} could not record the cycle's outcome: {}", state.id(), e.getMessage());
    }
  }

  private static ThreadFactory refreshThread() {
    return runnable -> {
      Thread thread = new Thread(runnable, "tenant-refresh");
      thread.setDaemon(true);
      return thread;
    };
  }

  private static ThreadFactory workerThreads() {
    AtomicInteger number = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "sync-worker-" + number.incrementAndGet());
      thread.setDaemon(false);
      return thread;
    };
  }

  /**
   * One tenant's place in the loop; its cycles run on one worker at a time. What decides whether
   * and when it runs is changed under its lock, by its worker and by the refresh thread.
   */
  private final class TenantState {
    volatile TenantEntry entry;

    /** What the tenant is synced with; null while disabled or while it cannot be made. */
    volatile TenantSync sync;

    /** Why its client system cannot be made, or null. */
    volatile String problem;

    volatile boolean removed;

    /** Guarded by this: the scheduled next run, a run in progress, a run wanted at once. */
    ScheduledFuture<?> next;

    boolean running;
    boolean soon;

    /** Guarded by this: whether it is in this instance's share. */
    boolean ours = !instances.shared();

    volatile boolean reachable = true;
    volatile int consecutiveFailures;
    volatile CycleOutcome lastOutcome = CycleOutcome.NONE;
    volatile String lastError;
    volatile Instant lastCycleAt;
    volatile Instant nextRunAt;

    TenantState(TenantEntry entry, TenantSync sync) {
      this.entry = entry;
      this.sync = sync;
    }

    TenantId id() {
      return entry.id();
    }

    /** Whether it is to be synced here: there, enabled, made and in this share. Holding this. */
    boolean syncable() {
      return !removed && entry.enabled() && sync != null && ours;
    }

    /** Drops the scheduled next run; a run in progress finishes. Called holding this. */
    void cancel() {
      if (next != null) {
        next.cancel(false);
        next = null;
      }
      nextRunAt = null;
    }

    /** Runs it as soon as a worker is free, or right after the run in progress. Holding this. */
    void runSoon() {
      if (running) {
        soon = true;
        return;
      }
      cancel();
      Instant now = clock.instant();
      schedule(this, now, now);
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

    /**
     * Its state; taken under its lock, so that not in the share and not running means no cycle of
     * it runs here until it is in the share again.
     */
    synchronized TenantStatus status() {
      return new TenantStatus(
          id(),
          lastOutcome,
          Optional.ofNullable(lastCycleAt),
          Optional.ofNullable(lastError),
          reachable,
          consecutiveFailures,
          Optional.ofNullable(nextRunAt),
          entry.enabled(),
          Optional.ofNullable(problem),
          ours,
          running);
    }
  }
}
