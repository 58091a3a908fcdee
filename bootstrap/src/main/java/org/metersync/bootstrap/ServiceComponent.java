package org.metersync.bootstrap;

import dagger.BindsInstance;
import dagger.Component;
import javax.inject.Singleton;
import org.metersync.adapters.postgres.CaffeineTenantCache;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.TenantBatchSizes;
import org.metersync.application.port.SyncDatabase;
import org.metersync.application.port.TenantLocks;

/** The composition root: the real adapters, wired. */
@Singleton
@Component(modules = DatabaseModule.class)
public interface ServiceComponent {

  DatabaseRuntime database();

  SyncDatabase syncDatabase();

  CaffeineTenantCache tenantCache();

  StatementCounter statementCounter();

  TenantBatchSizes tenantBatchSizes();

  JooqSyncAdministration administration();

  TenantLocks tenantLocks();

  /** Builds the component for one configuration. */
  @Component.Factory
  interface Factory {
    ServiceComponent create(@BindsInstance ServiceConfig config);
  }
}
