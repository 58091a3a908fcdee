package org.metersync.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.CaffeineTenantCache;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.port.SyncDatabase;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantLocks;
import org.metersync.bootstrap.plugins.ClientSystemKinds;
import org.metersync.bootstrap.plugins.ClientSystemRegistry;

/** The composition root: the real adapters, wired. */
@Singleton
@Component(modules = {DatabaseModule.class, ClientSystemModule.class, MetricsModule.class})
public interface ServiceComponent {

  DatabaseRuntime database();

  SyncDatabase syncDatabase();

  CaffeineTenantCache tenantCache();

  StatementCounter statementCounter();

  PipelineThreads pipelineThreads();

  TenantBatchSizes tenantBatchSizes();

  JooqSyncAdministration administration();

  TenantLocks tenantLocks();

  TenantDirectory tenantDirectory();

  ClientSystemRegistry clientSystems();

  ClientSystemKinds clientSystemKinds();

  PrometheusMeterRegistry meterRegistry();

  SyncMetrics metrics();

  /** Builds the component for one configuration. */
  @Component.Factory
  interface Factory {
    ServiceComponent create(@BindsInstance ServiceConfig config);
  }
}
