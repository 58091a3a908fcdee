package org.metersync.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.AdvisoryTenantLocks;
import org.metersync.adapters.postgres.CaffeineTenantCache;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.JooqSyncDatabase;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.SyncAdministration;
import org.metersync.application.port.SyncDatabase;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantLocks;

/** The sync database and what is built on it. */
@Module
abstract class DatabaseModule {

  @Provides
  @Singleton
  static DatabaseRuntime databaseRuntime(ServiceConfig config) {
    return DatabaseRuntime.start(config.database());
  }

  @Provides
  @Singleton
  static StatementCounter statementCounter() {
    return new StatementCounter();
  }

  @Provides
  @Singleton
  static JooqSyncDatabase jooqSyncDatabase(DatabaseRuntime database, StatementCounter counter) {
    return JooqSyncDatabase.create(database.dataSource(), counter);
  }

  @Provides
  @Singleton
  static CaffeineTenantCache caffeineTenantCache(SyncDatabase database, ServiceConfig config) {
    return new CaffeineTenantCache(
        database, config.sync().tenantCacheSize(), config.sync().tenantCacheExpiry());
  }

  @Provides
  @Singleton
  static JooqSyncAdministration jooqSyncAdministration(
      DatabaseRuntime database, StatementCounter counter) {
    return JooqSyncAdministration.create(database.dataSource(), counter);
  }

  @Provides
  @Singleton
  static TenantLocks tenantLocks(DatabaseRuntime database) {
    return new AdvisoryTenantLocks(database.dataSource());
  }

  @Provides
  static TenantBatchSizes tenantBatchSizes(SyncDatabase database, TenantCache cache) {
    return new TenantBatchSizes(database, cache);
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Binds
  abstract SyncDatabase syncDatabase(JooqSyncDatabase database);

  @Binds
  abstract StatementStatistics statementStatistics(StatementCounter counter);

  @Binds
  abstract TenantCache tenantCache(CaffeineTenantCache cache);

  @Binds
  abstract SyncAdministration syncAdministration(JooqSyncAdministration administration);

  @Binds
  abstract TenantDirectory tenantDirectory(JooqSyncAdministration administration);
}
