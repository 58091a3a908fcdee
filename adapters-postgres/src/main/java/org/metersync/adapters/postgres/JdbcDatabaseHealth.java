package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.metersync.application.port.DatabaseHealth;

/** Asks a pooled connection whether the server still answers. */
public final class JdbcDatabaseHealth implements DatabaseHealth {

  private static final int TIMEOUT_SECONDS = 2;

  private final DataSource dataSource;

  public JdbcDatabaseHealth(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  @Override
  public boolean reachable() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(TIMEOUT_SECONDS);
    } catch (SQLException e) {
      return false;
    }
  }
}
