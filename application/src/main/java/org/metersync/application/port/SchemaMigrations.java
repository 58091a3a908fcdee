package org.metersync.application.port;

import java.util.List;

/** Brings the sync database's schema up to date. */
public interface SchemaMigrations {

  /** Applies pending migrations; applies nothing on an up-to-date database. */
  Result migrate();

  /** What a migration run did: the migrations applied, and the schema version after it. */
  record Result(List<String> applied, String schemaVersion) {
    public Result {
      applied = List.copyOf(applied);
    }
  }
}
