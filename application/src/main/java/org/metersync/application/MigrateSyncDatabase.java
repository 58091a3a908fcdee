package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.SchemaMigrations;

/** Brings the sync database's schema up to date. */
public final class MigrateSyncDatabase {

  private final SchemaMigrations migrations;

  public MigrateSyncDatabase(SchemaMigrations migrations) {
    this.migrations = requireNonNull(migrations, "migrations");
  }

  /** Applies pending migrations; applies nothing on an up-to-date database. */
  public SchemaMigrations.Result migrate() {
    return migrations.migrate();
  }
}
