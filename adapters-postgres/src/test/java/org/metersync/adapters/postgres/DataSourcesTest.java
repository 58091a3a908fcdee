package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;

/**
 * The transaction-pooler probe on direct connections. Through PgBouncer in transaction mode it
 * reports the shared server process (checked by hand with Debian's PgBouncer 1.18; see README,
 * Connection poolers): no pooler runs in this build.
 */
class DataSourcesTest {

  @MigratedDatabase static TestDatabase db;

  @Test
  void sharedServerProcess_directConnections_neverReported() {
    assertEquals(Optional.empty(), DataSources.sharedServerProcess(db.dataSource()));
  }
}
