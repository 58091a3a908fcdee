package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.metersync.application.port.SchemaMigrations;
import org.metersync.application.port.SyncDatabaseException;

/** Brings the sync database's schema up to date with the migrations in this module, by Flyway. */
public final class SchemaMigrator implements SchemaMigrations {

  private final DataSource dataSource;

  public SchemaMigrator(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Result migrate() {
    return migrate(dataSource);
  }

  /** Applies pending migrations; applies nothing on an up-to-date database. */
  public static Result migrate(DataSource dataSource) {
    return migrate(dataSource, "classpath:db/migration");
  }

  /**
   * Applies the pending migrations in {@code location} all in one transaction: a failure, or the
   * process killed halfway, leaves the schema as it was (PostgreSQL's DDL is transactional, and
   * Flyway refuses a migration that cannot run in a transaction).
   */
  static Result migrate(DataSource dataSource, String location) {
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(dataSource)
              .locations(location)
              .failOnMissingLocations(true)
              .group(true)
              .mixed(false)
              .load()
              .migrate();
      List<String> applied =
          result.migrations.stream().map(m -> "V" + m.version + " " + m.description).toList();
      String version =
          result.targetSchemaVersion != null
              ? result.targetSchemaVersion
              : result.initialSchemaVersion;
      return new Result(applied, version);
    } catch (FlywayException e) {
      throw new SyncDatabaseException("migrating the sync database failed: " + e.getMessage(), e);
    }
  }
}
