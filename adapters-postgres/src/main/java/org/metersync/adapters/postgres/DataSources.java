package org.metersync.adapters.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;

/** Connection pools for the sync database. */
public final class DataSources {

  private DataSources() {}

  /** A pool of at most {@code poolSize} connections; fails fast if the database is unreachable. */
  public static HikariDataSource pooled(
      String jdbcUrl, String user, String password, int poolSize, Duration connectTimeout) {
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
    config.addDataSourceProperty("ApplicationName", "meter-sync");
    return new HikariDataSource(config);
  }
}
