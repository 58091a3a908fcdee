package org.metersync.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/** Connection pools for the sync database. */
public final class DataSources {

  private DataSources() {}

  /** A pool of at most {@code poolSize} connections; fails fast if the database is unreachable. */
  public static HikariDataSource pooled(
      String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {
    return pooled(jdbcUrl, user, password, poolSize, connectTimeout, "meter-sync", false);
  }

  /**
   * As above, its connections named {@code applicationName} (seen in {@code pg_stat_activity});
   * with {@code transactionPooling}, statements are never prepared on the server, whose prepared
   * statements a pooler in transaction mode would hand to other clients' transactions.
   */
  public static HikariDataSource pooled(
      String jdbcUrl,
      String user,
      String password,
      int poolSize,
      Duration connectTimeout,
      String applicationName,
      boolean transactionPooling) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("meter-sync");
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(Math.min(2, poolSize));
    config.setConnectionTimeout(connectTimeout.toMillis());
    // Start even when the database is down; the sync loop retries and reports it.
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.addDataSourceProperty("ApplicationName", applicationName);
    if (transactionPooling) {
      config.addDataSourceProperty("prepareThreshold", "0");
    }
    return new HikariDataSource(config);
  }

  /**
   * The server process two connections open at the same time were both served by, if they were:
   * only a pooler in transaction (or statement) mode does that, handing a server connection to
   * whichever client starts a transaction. A pooler that happens to pick another idle server each
   * time goes unseen; a direct connection or a session pooler is never reported. Empty too when the
   * database cannot be reached.
   */
  public static Optional<Integer> sharedServerProcess(DataSource dataSource) {
    try (Connection first = dataSource.getConnection();
        Connection second = dataSource.getConnection()) {
      for (int attempt = 0; attempt < 3; attempt++) {
        int pid = backendPid(first);
        if (backendPid(second) == pid) {
          return Optional.of(pid);
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    }
  }

  private static int backendPid(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = statement.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
