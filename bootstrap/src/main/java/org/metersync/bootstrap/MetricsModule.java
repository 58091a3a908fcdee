package org.metersync.bootstrap;

import dagger.Module;
import dagger.Provides;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.StatementCounts;
import org.metersync.bootstrap.observability.SyncMetrics;

/** Metrics, kept in a Prometheus registry for {@code /metrics}. */
@Module
final class MetricsModule {

  private MetricsModule() {}

  @Provides
  @Singleton
  static PrometheusMeterRegistry prometheusMeterRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    return registry;
  }

  @Provides
  @Singleton
  static SyncMetrics syncMetrics(PrometheusMeterRegistry registry, StatementCounter statements) {
    return new SyncMetrics(registry, new StatementCounts(statements));
  }
}
