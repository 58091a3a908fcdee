package org.metersync.bootstrap;

import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.StatementCounter;
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
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.DatabaseHealth;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.LocalReadings;
import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.SchemaMigrations;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.TenantEnablement;
import org.metersync.application.port.TenantLeases;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;

/**
 * The application's use cases, over the ports the other modules bind: what driving adapters call.
 */
@Module
final class UseCaseModule {

  private UseCaseModule() {}

  @Provides
  static TenantSyncFactory tenantSyncFactory(
      TenantCache cache,
      UploadBacklog backlog,
      UploadAttempts attempts,
      DownloadedPages pages,
      StatementStatistics statements,
      PipelineThreads pipeline,
      Clock clock) {
    return new TenantSyncFactory(cache, backlog, attempts, pages, statements, pipeline, clock);
  }

  @Provides
  static TenantCycles tenantCycles(TenantLeases leases, CycleHistory history) {
    return new TenantCycles(leases, history);
  }

  @Provides
  static StatementCounts statementCounts(StatementCounter counter) {
    return new StatementCounts(counter);
  }

  @Provides
  static TenantOverviews tenantOverviews(OperatorQueries queries) {
    return new TenantOverviews(queries);
  }

  @Provides
  static TenantBatchSizes tenantBatchSizes(TenantConfigStore tenants, TenantCache cache) {
    return new TenantBatchSizes(tenants, cache);
  }

  @Provides
  static ResetDownloadCursor resetDownloadCursor(
      TenantConfigStore tenants, OperatorCommands commands) {
    return new ResetDownloadCursor(tenants, commands);
  }

  @Provides
  static TenantActivation tenantActivation(TenantEnablement tenants) {
    return new TenantActivation(tenants);
  }

  @Provides
  static FailedReadings failedReadings(OperatorQueries queries, OperatorCommands commands) {
    return new FailedReadings(queries, commands);
  }

  @Provides
  static RecordLocalReadings recordLocalReadings(LocalReadings readings) {
    return new RecordLocalReadings(readings);
  }

  /** One per process: the health check shows what the loop's upload batches told it. */
  @Provides
  @Singleton
  static UploadRejections uploadRejections(Clock clock) {
    return new UploadRejections(clock);
  }

  @Provides
  static ServiceHealth serviceHealth(DatabaseHealth database, UploadRejections rejections) {
    return new ServiceHealth(database, rejections);
  }

  @Provides
  static MigrateSyncDatabase migrateSyncDatabase(SchemaMigrations migrations) {
    return new MigrateSyncDatabase(migrations);
  }
}
