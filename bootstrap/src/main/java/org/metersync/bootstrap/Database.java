package org.metersync.bootstrap;

import org.metersync.application.port.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The configured sync database, opened for one command with its schema up to date. */
final class Database implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final ServiceComponent component;

  private Database(ServiceComponent component) {
    this.component = component;
  }

  /** Starts (or connects to) the database of {@code config} and migrates it. */
  static Database open(ServiceConfig config) {
    ServiceComponent component = DaggerServiceComponent.factory().create(config);
    try {
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
    return new Database(component);
  }

  ServiceComponent component() {
    return component;
  }

  @Override
  public void close() {
    component.database().close();
  }
}
