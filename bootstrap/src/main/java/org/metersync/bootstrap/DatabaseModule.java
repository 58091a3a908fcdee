package org.metersync.bootstrap;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import java.time.Duration;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.CaffeineTenantCache;
import org.metersync.adapters.postgres.JdbcDatabaseHealth;
import org.metersync.adapters.postgres.JooqInstanceRegistry;
import org.metersync.adapters.postgres.JooqLocalReadings;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.JooqSyncDatabase;
import org.metersync.adapters.postgres.JooqTenantLeases;
import org.metersync.adapters.postgres.SchemaMigrator;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.adapters.postgres.TenantChangeListener;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.DatabaseHealth;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.InstanceRegistry;
import org.metersync.application.port.LocalReadings;
import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.SchemaMigrations;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantEnablement;
import org.metersync.application.port.TenantLeases;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;

/** The sync database's adapters, bound to the ports they implement. */
@Module
abstract class DatabaseModule {

  @Provides
  @Singleton
  static InstanceId instanceId() {
    return InstanceId.create();
  }

  @Provides
  @Singleton
  static DatabaseRuntime databaseRuntime(ServiceConfig config, InstanceId instance) {
    return DatabaseRuntime.start(config.database(), instance);
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
  static CaffeineTenantCache caffeineTenantCache(TenantConfigStore tenants, ServiceConfig config) {
    return new CaffeineTenantCache(
        tenants, config.sync().tenantCacheSize(), config.sync().tenantCacheExpiry());
  }

  /** Not started: the service starts it, other commands need no notifications. */
  @Provides
  @Singleton
  static TenantChangeListener tenantChangeListener(DatabaseRuntime database, TenantCache cache) {
    return new TenantChangeListener(database.dataSource(), cache, Duration.ofSeconds(1));
  }

  @Provides
  @Singleton
  static JooqSyncAdministration jooqSyncAdministration(
      DatabaseRuntime database, StatementCounter counter) {
    return JooqSyncAdministration.create(database.dataSource(), counter);
  }

  @Provides
  @Singleton
  static LocalReadings localReadings(DatabaseRuntime database, StatementCounter counter) {
    return JooqLocalReadings.create(database.dataSource(), counter);
  }

  @Provides
  @Singleton
  static TenantLeases tenantLeases(
      DatabaseRuntime database,
      StatementCounter counter,
      InstanceId instance,
      ServiceConfig config) {
    return JooqTenantLeases.create(
        database.dataSource(), counter, instance.value(), config.database().leaseTtl());
  }

  /**
   * Registered for as long as a tenant lease lasts: a dead instance's tenants move on with them.
   */
  @Provides
  @Singleton
  static InstanceRegistry instanceRegistry(
      DatabaseRuntime database,
      StatementCounter counter,
      InstanceId instance,
      ServiceConfig config) {
    return JooqInstanceRegistry.create(
        database.dataSource(), counter, instance.value(), config.database().leaseTtl());
  }

  @Provides
  static DatabaseHealth databaseHealth(DatabaseRuntime database) {
    return new JdbcDatabaseHealth(database.dataSource());
  }

  @Provides
  static SchemaMigrations schemaMigrations(DatabaseRuntime database) {
    return new SchemaMigrator(database.dataSource());
  }

  @Provides
  static Clock clock() {
    return Clock.systemUTC();
  }

  @Binds
  abstract UploadBacklog uploadBacklog(JooqSyncDatabase database);

  @Binds
  abstract UploadAttempts uploadAttempts(JooqSyncDatabase database);

  @Binds
  abstract DownloadedPages downloadedPages(JooqSyncDatabase database);

  @Binds
  abstract TenantConfigStore tenantConfigStore(JooqSyncDatabase database);

  @Binds
  abstract StatementStatistics statementStatistics(StatementCounter counter);

  @Binds
  abstract TenantCache tenantCache(CaffeineTenantCache cache);

  @Binds
  abstract OperatorQueries operatorQueries(JooqSyncAdministration administration);

  @Binds
  abstract OperatorCommands operatorCommands(JooqSyncAdministration administration);

  @Binds
  abstract CycleHistory cycleHistory(JooqSyncAdministration administration);

  @Binds
  abstract TenantDirectory tenantDirectory(JooqSyncAdministration administration);

  @Binds
  abstract TenantEnablement tenantEnablement(JooqSyncAdministration administration);
}
