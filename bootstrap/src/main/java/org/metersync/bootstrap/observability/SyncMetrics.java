package org.metersync.bootstrap.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.metersync.application.BatchListener;
import org.metersync.application.BatchOperation;
import org.metersync.application.CycleReport;
import org.metersync.application.StatementCounts;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.SystematicRejection;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.CallObserver;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;

/** The service's metrics, in Micrometer; exposed in Prometheus format on {@code /metrics}. */
public final class SyncMetrics implements BatchListener, CallObserver {

  private final MeterRegistry registry;
  private final StatementCounts statements;
  private final MultiGauge backlog;
  private final MultiGauge oldestPendingAge;
  private final MultiGauge lastSuccessfulUpload;
  private final MultiGauge lastSuccessfulDownload;
  private final MultiGauge lastCycle;
  private final MultiGauge consecutiveFailedCycles;
  private final MultiGauge reachable;
  private final MultiGauge enabled;

  public SyncMetrics(MeterRegistry registry, StatementCounts statements) {
    this.registry = requireNonNull(registry, "registry");
    this.statements = requireNonNull(statements, "statements");
    this.backlog =
        gauge(
            "metersync.backlog.readings",
            "Readings waiting for upload (pending) or given up on (failed)");
    this.oldestPendingAge =
        gauge(
            "metersync.oldest.pending.reading.age.seconds",
            "How long the tenant's oldest pending reading has waited; 0 when none is pending");
    this.lastSuccessfulUpload =
        gauge(
            "metersync.last.successful.upload.timestamp.seconds",
            "When an upload pass last finished without a failure, Unix seconds");
    this.lastSuccessfulDownload =
        gauge(
            "metersync.last.successful.download.timestamp.seconds",
            "When a download pass last finished without a failure, Unix seconds");
    this.lastCycle =
        gauge("metersync.last.cycle.timestamp.seconds", "When the last cycle ended, Unix seconds");
    this.consecutiveFailedCycles =
        gauge("metersync.consecutive.failed.cycles", "Cycles failed in a row; 0 after a success");
    this.reachable =
        gauge(
            "metersync.client.system.reachable",
            "1 if the sync loop finds the client system reachable, 0 while it checks until it is");
    this.enabled = gauge("metersync.tenant.enabled", "1 if the tenant is synced, 0 if disabled");
  }

  private MultiGauge gauge(String name, String description) {
    return MultiGauge.builder(name).description(description).register(registry);
  }

  @Override
  public void answered(int status, Duration duration) {
    http(status / 100 + "xx", duration);
  }

  @Override
  public void failed(String errorClass, Duration duration) {
    http(errorClass, duration);
  }

  private void http(String outcome, Duration duration) {
    Timer.builder("metersync.http.requests")
        .description("HTTP exchanges with client systems, by outcome: status class or error")
        .tag("outcome", outcome)
        .register(registry)
        .record(duration);
  }

  /**
   * Registers the meters that exist for every tenant from the start; a counter that first appears
   * at 1 would hide its first increase from Prometheus.
   */
  public void register(TenantId tenantId) {
    FunctionCounter.builder("metersync.sql.statements", statements, s -> s.of(tenantId))
        .description("SQL statements executed for the tenant")
        .tag("tenant", tenantId.value())
        .register(registry);
    rejectedBatches(tenantId);
  }

  @Override
  public void uploadDecided(
      TenantId tenantId,
      int batchNumber,
      UploadOutcome outcome,
      Optional<SystematicRejection> rejection) {
    if (rejection.isPresent()) {
      rejectedBatches(tenantId).increment();
    }
  }

  /** The reason is not a label (unbounded values); /health and the log carry it. */
  private Counter rejectedBatches(TenantId tenantId) {
    return Counter.builder("metersync.upload.rejected.batches")
        .description(
            "Upload batches the client system turned down for one reason: all or most of their"
                + " readings rejected alike; the reason is in /health and the log")
        .tag("tenant", tenantId.value())
        .register(registry);
  }

  @Override
  public void batchDone(
      TenantId tenantId, BatchOperation operation, int batchNumber, int readings) {
    Counter.builder("metersync.batches")
        .description("Batches uploaded or pages downloaded")
        .tags("tenant", tenantId.value(), "operation", operation.code())
        .register(registry)
        .increment();
  }

  public void cycle(CycleReport report) {
    String tenant = report.tenantId().value();
    Counter.builder("metersync.readings.uploaded")
        .description("Readings the client system accepted and that were marked synchronized")
        .tag("tenant", tenant)
        .register(registry)
        .increment(report.upload().synchronizedCount());
    Counter.builder("metersync.readings.rejected")
        .description("Readings the client system rejected in its upload verdicts")
        .tag("tenant", tenant)
        .register(registry)
        .increment(report.upload().retried() + report.upload().failed());
    Counter.builder("metersync.readings.downloaded")
        .description("Readings downloaded and inserted")
        .tag("tenant", tenant)
        .register(registry)
        .increment(report.download() == null ? 0 : report.download().inserted());
    Timer.builder("metersync.cycle.duration")
        .description("Duration of a tenant's sync cycle")
        .tags("tenant", tenant, "outcome", report.outcome().code())
        .register(registry)
        .record(report.duration());
    report
        .failure()
        .ifPresent(
            failure ->
                Counter.builder("metersync.client.errors")
                    .description("Client system calls that failed, by class")
                    .tags("tenant", tenant, "class", ErrorClass.of(failure).code())
                    .register(registry)
                    .increment());
  }

  /** Sets the backlog gauges to a fresh count: pending and failed per tenant. */
  public void backlog(Map<TenantId, OperatorQueries.Backlog> counts) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach(
        (tenant, backlog) -> {
          rows.add(
              MultiGauge.Row.of(
                  Tags.of("tenant", tenant.value(), "status", SyncStatus.PENDING.code()),
                  backlog.pending()));
          rows.add(
              MultiGauge.Row.of(
                  Tags.of("tenant", tenant.value(), "status", SyncStatus.FAILED.code()),
                  backlog.failed()));
        });
    backlog.register(rows, true);
  }

  /**
   * Sets the lag gauges: figures from the sync database for every tenant, reachability from this
   * process's loop for the tenants it syncs. A timestamp not known yet has no sample.
   */
  public void lag(List<TenantLag> tenants, List<TenantStatus> loop) {
    oldestPendingAge.register(
        rows(tenants, t -> Optional.of(t.oldestPendingAge().toMillis() / 1000.0)), true);
    lastSuccessfulUpload.register(
        rows(tenants, t -> t.lastSuccessfulUpload().map(SyncMetrics::seconds)), true);
    lastSuccessfulDownload.register(
        rows(tenants, t -> t.lastSuccessfulDownload().map(SyncMetrics::seconds)), true);
    lastCycle.register(rows(tenants, t -> t.lastCycleAt().map(SyncMetrics::seconds)), true);
    consecutiveFailedCycles.register(
        rows(tenants, t -> Optional.of((double) t.consecutiveFailures())), true);
    enabled.register(rows(tenants, t -> Optional.of(t.enabled() ? 1.0 : 0.0)), true);
    List<MultiGauge.Row<?>> reachability = new ArrayList<>();
    for (TenantStatus status : loop) {
      if (status.enabled() && status.problem().isEmpty() && status.syncedHere()) {
        reachability.add(
            MultiGauge.Row.of(
                Tags.of("tenant", status.tenantId().value()), status.reachable() ? 1 : 0));
      }
    }
    reachable.register(reachability, true);
  }

  private static List<MultiGauge.Row<?>> rows(
      List<TenantLag> tenants, Function<TenantLag, Optional<Double>> value) {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (TenantLag tenant : tenants) {
      value
          .apply(tenant)
          .ifPresent(v -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant.id().value()), v)));
    }
    return rows;
  }

  private static double seconds(java.time.Instant at) {
    return at.toEpochMilli() / 1000.0;
  }

  /** A client-system failure's class, the {@code class} label of the error counter. */
  enum ErrorClass {
    TRANSIENT,
    PERMANENT,
    MALFORMED,
    OTHER;

    static ErrorClass of(Exception failure) {
      if (failure instanceof ClientSystemUnavailableException) {
        return TRANSIENT;
      }
      if (failure instanceof ClientSystemRejectedException) {
        return PERMANENT;
      }
      if (failure instanceof ClientSystemMalformedAnswerException) {
        return MALFORMED;
      }
      return OTHER;
    }

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
