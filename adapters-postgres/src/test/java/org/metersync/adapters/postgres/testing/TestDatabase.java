package org.metersync.adapters.postgres.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.metersync.adapters.postgres.SchemaMigrator;

/** One test class's own database on the test server. */
public final class TestDatabase implements AutoCloseable {

  private final String name;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final HikariDataSource dataSource;

  TestDatabase(String name, String jdbcUrl, String user, String password) {
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    this.dataSource = new HikariDataSource(config);
  }

  /** A new database with every migration applied. */
  public static TestDatabase migrated() {
    TestDatabase db = TestPostgres.newDatabase();
    SchemaMigrator.migrate(db.dataSource());
    return db;
  }

  public String name() {
    return name;
  }

  public String jdbcUrl() {
    return jdbcUrl;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Runs plain SQL, as another process would. */
  public void execute(String sql) {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
    TestPostgres.drop(name);
  }
}
