package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.TenantLocks;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant locks as PostgreSQL session-level advisory locks. A lease holds its own connection; if the
 * process dies, the server ends the session and the lock is released with it.
 */
public final class AdvisoryTenantLocks implements TenantLocks {

  private static final Logger log = LoggerFactory.getLogger(AdvisoryTenantLocks.class);

  /** The first key of every lock: marks it as meter-sync's tenant lock ("MS"). */
  private static final int NAMESPACE = 0x4d53;

  private final DataSource dataSource;

  public AdvisoryTenantLocks(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  @Override
  public Optional<Lease> tryLock(TenantId tenantId) {
    Connection connection = null;
    try {
      connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      if (call(connection, "SELECT pg_try_advisory_lock(?, hashtext(?))", tenantId)) {
        return Optional.of(new AdvisoryLease(connection, tenantId));
      }
      connection.close();
      return Optional.empty();
    } catch (SQLException e) {
      closeQuietly(connection);
      throw new SyncDatabaseException(
          "could not take the lock of tenant " + tenantId + ": " + e.getMessage(), e);
    }
  }

  private static boolean call(Connection connection, String sql, TenantId tenantId)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setInt(1, NAMESPACE);
      statement.setString(2, tenantId.value());
      try (ResultSet rs = statement.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        log.debug("closing a lock connection failed: {}", e.getMessage());
      }
    }
  }

  /** Drops the connection instead of returning it to a pool, so its session (and lock) ends. */
  private static void abort(Connection connection) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection);
    }
  }

  private static final class AdvisoryLease implements Lease {
    private final Connection connection;
    private final TenantId tenantId;

    AdvisoryLease(Connection connection, TenantId tenantId) {
      this.connection = connection;
      this.tenantId = tenantId;
    }

    @Override
    public void close() {
      try {
        call(connection, "SELECT pg_advisory_unlock(?, hashtext(?))", tenantId);
        connection.close();
      } catch (SQLException e) {
        // A broken connection ends its session on the server, which releases the lock.
        log.warn("tenant={} releasing the tenant lock failed: {}", tenantId, e.getMessage());
        abort(connection);
      }
    }
  }
}
