package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.DatabaseHealth;

/** What the service's health check asks of the application. */
public final class ServiceHealth {

  private final DatabaseHealth database;

  public ServiceHealth(DatabaseHealth database) {
    this.database = requireNonNull(database, "database");
  }

  /** Whether the sync database answers right now. */
  public boolean databaseReachable() {
    return database.reachable();
  }
}
