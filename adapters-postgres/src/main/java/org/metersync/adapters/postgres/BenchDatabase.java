package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.metersync.domain.TenantId;

/**
 * The benchmark's data, by plain JDBC: pending readings made in bulk, the database settled between
 * scenarios, readings counted by status, and the benchmark's tenants deleted with their rows. It
 * touches only tenants whose id starts with the prefix it was given.
 */
public final class BenchDatabase {

  /** Pending local readings {@code local-1..local-N} of one tenant, oldest first. */
  private static final String INSERT_PENDING =
      "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
          + " SELECT ?, 'local-' || g, 'meter-' || (g % 25),"
          + " timestamptz '2026-01-01 00:00:00Z' + g * interval '15 minutes',"
          + " round((g * 0.37)::numeric, 3), 'kWh' FROM generate_series(1, ?) g ORDER BY g";

  private static final String COUNT_BY_STATUS =
      "SELECT count(*) FILTER (WHERE sync_status = 'pending'),"
          + " count(*) FILTER (WHERE sync_status = 'synchronized'),"
          + " count(*) FILTER (WHERE sync_status = 'failed')"
          + " FROM meter_reading WHERE tenant_id = ?";

  /** Deletes tenants' rows, children first; {@code ?} is a LIKE pattern of tenant ids. */
  private static final List<String> DELETE_TENANT_ROWS =
      List.of(
          "DELETE FROM meter_reading WHERE tenant_id LIKE ?",
          "DELETE FROM download_cursor WHERE tenant_id LIKE ?",
          "DELETE FROM reading_quarantine WHERE tenant_id LIKE ?",
          "DELETE FROM tenant_sync_state WHERE tenant_id LIKE ?",
          "DELETE FROM tenant WHERE tenant_id LIKE ?");

  /** Readings of one tenant by status. */
  public record StatusCounts(long pending, long synchronizedReadings, long failed) {

    /** {@code pending/synchronized/failed}. */
    @Override
    public String toString() {
      return pending + "/" + synchronizedReadings + "/" + failed;
    }
  }

  private final DataSource dataSource;
  private final String tenantPrefix;
  private final boolean ownServer;

  /**
   * @param tenantPrefix what the id of every tenant this may touch starts with
   * @param ownServer whether the server is the benchmark's own: only then does {@link #settle}
   *     vacuum and checkpoint, which need rights a configured database's user may not have
   */
  public BenchDatabase(DataSource dataSource, String tenantPrefix, boolean ownServer) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.tenantPrefix = requireNonNull(tenantPrefix, "tenantPrefix");
    if (tenantPrefix.isEmpty()) {
      throw new IllegalArgumentException("the tenant prefix must not be empty");
    }
    this.ownServer = ownServer;
  }

  /** Makes {@code count} pending local readings for the tenant. */
  public void insertPending(TenantId tenant, int count) {
    requireOwn(tenant);
    try (Connection c = dataSource.getConnection();
        PreparedStatement insert = c.prepareStatement(INSERT_PENDING)) {
      insert.setString(1, tenant.value());
      insert.setInt(2, count);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not create pending readings: " + e.getMessage(), e);
    }
  }

  /**
   * Brings the database to the same state before every measured scenario: fresh planner statistics
   * and, on the benchmark's own server, the setup's rows vacuumed and a checkpoint taken, so that
   * neither autovacuum nor a checkpoint caused by an earlier scenario runs during the next one's
   * timing.
   */
  public void settle() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      if (ownServer) {
        st.execute("VACUUM ANALYZE meter_reading");
        st.execute("CHECKPOINT");
      } else {
        st.execute("ANALYZE meter_reading");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not settle the database: " + e.getMessage(), e);
    }
  }

  /** The tenant's readings by status. */
  public StatusCounts statusCounts(TenantId tenant) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement st = c.prepareStatement(COUNT_BY_STATUS)) {
      st.setString(1, tenant.value());
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return new StatusCounts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not count readings: " + e.getMessage(), e);
    }
  }

  /** Deletes the tenant and everything it has; {@link #settle} vacuums before the next run. */
  public void delete(TenantId tenant) {
    requireOwn(tenant);
    deleteWhere(likeEscaped(tenant.value()));
  }

  /** Deletes every tenant with the prefix, and everything they have. */
  public void deleteAll() {
    deleteWhere(likeEscaped(tenantPrefix) + "%");
  }

  private void deleteWhere(String tenantPattern) {
    try (Connection c = dataSource.getConnection()) {
      for (String delete : DELETE_TENANT_ROWS) {
        try (PreparedStatement st = c.prepareStatement(delete)) {
          st.setString(1, tenantPattern);
          st.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not delete benchmark rows: " + e.getMessage(), e);
    }
  }

  /** The text as a LIKE pattern that matches only itself ({@code \} is LIKE's escape). */
  static String likeEscaped(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private void requireOwn(TenantId tenant) {
    if (!tenant.value().startsWith(tenantPrefix)) {
      throw new IllegalArgumentException(
          "not a benchmark tenant (id must start with '" + tenantPrefix + "'): " + tenant);
    }
  }
}
