package org.metersync.bootstrap;

import org.metersync.application.port.SchemaMigrations;
import org.metersync.bootstrap.plugins.ClientSystemKinds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured sync database, opened for one command with its schema up to date. */
public final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final ServiceComponent component;
  private final ClientSystemKinds kinds;

  private Database(ServiceComponent component, ClientSystemKinds kinds) {
    this.component = component;
    this.kinds = kinds;
  }

  /** Starts (or connects to) the database of {@code config} and migrates it. */
  public static Database open(ServiceConfig config) {
    return open(DaggerServiceComponent.factory().create(config), null);
  }

  /**
   * As {@link #open}, for a command that syncs: the kinds of client system are loaded first, so a
   * plug-in problem stops it before the database is started. Closing the database closes them.
   */
  public static Database openWithClientSystems(ServiceConfig config) {
    ServiceComponent component = DaggerServiceComponent.factory().create(config);
    ClientSystemKinds kinds = component.clientSystemKinds();
    try {
      return open(component, kinds);
    } catch (RuntimeException e) {
      kinds.close();
      throw e;
    }
  }

  private static Database open(ServiceComponent component, ClientSystemKinds kinds) {
    try {
      component.database().refuseUndeclaredTransactionPooler();
      SchemaMigrations.Result migration = component.migrateSyncDatabase().migrate();
      if (!migration.applied().isEmpty()) {
        log.info(
            "migrated the sync database to version {}: {}",
            migration.schemaVersion(),
            migration.applied());
      }
    } catch (RuntimeException e) {
      component.database().close();
      throw e;
    }
    return new Database(component, kinds);
  }

  public ServiceComponent component() {
    return component;
  }

  @Override
  public void close() {
    if (kinds != null) {
      kinds.close();
    }
    component.database().close();
  }
}
