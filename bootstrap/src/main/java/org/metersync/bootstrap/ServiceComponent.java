package org.metersync.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.adapters.postgres.TenantChangeListener;
import org.metersync.application.FailedReadings;
import org.metersync.application.MigrateSyncDatabase;
import org.metersync.application.RecordLocalReadings;
import org.metersync.application.ResetDownloadCursor;
import org.metersync.application.ServiceHealth;
import org.metersync.application.StatementCounts;
import org.metersync.application.TenantActivation;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.TenantCycles;
import org.metersync.application.TenantOverviews;
import org.metersync.application.TenantSyncFactory;
import org.metersync.application.UploadRejections;
import org.metersync.application.port.InstanceRegistry;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantLeases;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.bootstrap.plugins.ClientSystemKinds;
import org.metersync.bootstrap.plugins.ClientSystemRegistry;

/**
 * The composition root: the application's use cases over the real adapters, and the infrastructure
 * the process runs (database, threads, listener, metrics, client-system kinds).
 */
@Singleton
@Component(
    modules = {
      DatabaseModule.class,
      UseCaseModule.class,
      ClientSystemModule.class,
      MetricsModule.class
    })
public interface ServiceComponent {

  // ---- use cases ----

  TenantSyncFactory tenantSyncs();

  TenantCycles tenantCycles();

  TenantOverviews tenantOverviews();

  StatementCounts statementCounts();

  TenantBatchSizes tenantBatchSizes();

  ResetDownloadCursor resetDownloadCursor();

  TenantActivation tenantActivation();

  FailedReadings failedReadings();

  RecordLocalReadings recordLocalReadings();

  ServiceHealth serviceHealth();

  /** Told of every upload batch, for {@link #serviceHealth()}. */
  UploadRejections uploadRejections();

  MigrateSyncDatabase migrateSyncDatabase();

  /** Registration of the configured tenants. */
  TenantDirectory tenantDirectory();

  /** The tenant cache, for dropping tenants removed behind its back. */
  TenantCache tenantCache();

  /** Tenant leases, for the bench's upload held as the sync loop holds it. */
  TenantLeases tenantLeases();

  // ---- infrastructure ----

  /** This running instance's id: its leases' holder and its registration. */
  InstanceId instanceId();

  /** The instances sharing the tenants; the service's loop registers in it. */
  InstanceRegistry instanceRegistry();

  DatabaseRuntime database();

  StatementCounter statementCounter();

  PipelineThreads pipelineThreads();

  TenantChangeListener tenantChangeListener();

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
