package org.metersync.bootstrap;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.metersync.adapters.postgres.TenantChangeListener;
import org.metersync.application.BatchListener;
import org.metersync.application.port.InstanceRegistry;
import org.metersync.bootstrap.loop.Instances;
import org.metersync.bootstrap.loop.SyncLoop;
import org.metersync.bootstrap.loop.TenantSync;
import org.metersync.bootstrap.observability.ObservabilityServer;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service: database (migrated), tenants, tenant-change listener, sync loop and the
 * health/metrics endpoint. Closing it stops the loop gracefully, then everything else.
 */
public final class Service implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Service.class);

  private final ServiceConfig config;
  private final Database database;
  private final TenantChangeListener changes;
  private final SyncLoop loop;
  private final ObservabilityServer observability;

  private Service(
      ServiceConfig config,
      Database database,
      TenantChangeListener changes,
      SyncLoop loop,
      ObservabilityServer observability) {
    this.config = config;
    this.database = database;
    this.changes = changes;
    this.loop = loop;
    this.observability = observability;
  }

  /**
   * Opens the database, assembles the tenants (all, or {@code only} one) and serves health and
   * metrics; the loop starts only if {@code enableAutoSync} (or {@code forceLoop}).
   */
  public static Service start(
      ServiceConfig config, Optional<TenantId> only, BatchListener progress, boolean forceLoop) {
    return start(config, Database.openWithClientSystems(config), only, progress, forceLoop);
  }

  /** As above, on a database the caller opened; the service closes it. */
  public static Service start(
      ServiceConfig config,
      Database database,
      Optional<TenantId> only,
      BatchListener progress,
      boolean forceLoop) {
    try {
      config.poolSizeWarning().ifPresent(log::warn);
      ServiceComponent component = database.component();
      PrometheusMeterRegistry registry = component.meterRegistry();
      SyncMetrics metrics = component.metrics();
      BatchListener listener = BatchListener.all(metrics, component.uploadRejections(), progress);
      List<TenantSync> tenants = ServiceTenants.assemble(config, component, listener, only);
      tenants.forEach(t -> metrics.register(t.id()));
      SyncLoop loop =
          new SyncLoop(
              ServiceTenants.roster(config, component, listener, only),
              only.isEmpty() ? instances(config, component) : Instances.alone(),
              tenants,
              component.tenantCycles(),
              config.sync(),
              () -> ThreadLocalRandom.current().nextDouble(),
              Clock.systemUTC(),
              metrics);
      TenantChangeListener changes = component.tenantChangeListener().onChange(loop::refreshSoon);
      if (config.database().transactionPooling()) {
        // A pooler in transaction mode delivers no notifications to a LISTEN.
        log.info(
            "database.transactionPooling=true: no LISTEN for tenant changes; tenants are re-read"
                + " every sync interval and the tenant cache reloads a tenant after"
                + " tenantCache.expiryMs");
      } else {
        changes.start();
      }
      ObservabilityServer observability =
          new ObservabilityServer(
                  config.serverPort(),
                  component.serviceHealth(),
                  () -> loop,
                  registry,
                  () -> {
                    metrics.backlog(component.tenantOverviews().backlog());
                    metrics.lag(component.tenantOverviews().lag(), loop.status());
                  },
                  () -> component.tenantOverviews().lag())
              .start();
      Service service = new Service(config, database, changes, loop, observability);
      if (config.sync().enableAutoSync() || forceLoop) {
        loop.start();
      } else {
        log.info("enableAutoSync=false: the sync loop does not run; 'sync --tenant ID' syncs one");
      }
      return service;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * This instance among those on the sync database: registered for {@code lease.ttlMs}, renewed
   * every third of that (so two renewals may fail before it drops out) or every sync interval if
   * shorter, so a new instance is seen within the interval the tenants are re-read at.
   */
  private static Instances instances(ServiceConfig config, ServiceComponent component) {
    InstanceRegistry registry = component.instanceRegistry();
    String self = component.instanceId().value();
    Duration third = config.database().leaseTtl().dividedBy(3);
    Duration every =
        third.compareTo(config.sync().syncInterval()) < 0 ? third : config.sync().syncInterval();
    return new Instances() {
      @Override
      public String self() {
        return self;
      }

      @Override
      public boolean shared() {
        return true;
      }

      @Override
      public Duration renewEvery() {
        return every;
      }

      @Override
      public Set<String> renew() {
        return registry.renew();
      }

      @Override
      public void leave() {
        registry.leave();
      }
    };
  }

  public SyncLoop loop() {
    return loop;
  }

  public ServiceComponent component() {
    return database.component();
  }

  public int observabilityPort() {
    return observability.port();
  }

  @Override
  public void close() {
    boolean clean = loop.stop(config.sync().shutdownGrace());
    database.component().pipelineThreads().close();
    observability.close();
    changes.close();
    database.component().clientSystemKinds().close();
    database.close();
    log.info("stopped{}", clean ? "" : " (some cycles were interrupted after the grace period)");
  }
}
