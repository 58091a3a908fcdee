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
 * The benchmark's data, by plain JDBC: pending readings and a synchronized history made in bulk,
 * the database settled between scenarios (or, on the benchmark's own server, kept from autovacuum
 * while a fresh backlog is measured), what the server and the table's statistics are, readings
 * counted by status, and the benchmark's tenants deleted with their rows. It touches only tenants
 * whose id starts with the prefix it was given.
 */
public final class BenchDatabase {

  /** Pending local readings {@code local-1..local-N} of one tenant, oldest first. */
  private static final String INSERT_PENDING =
      "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
          + " SELECT ?, 'local-' || g, 'meter-' || (g % 25),"
          + " timestamptz '2026-01-01 00:00:00Z' + g * interval '15 minutes',"
          + " round((g * 0.37)::numeric, 3), 'kWh' FROM generate_series(1, ?) g ORDER BY g";

  /** History tenants {@code <prefix>history-0001..K}; {@code ?}: the prefix, K. */
  private static final String INSERT_HISTORY_TENANTS =
      "INSERT INTO tenant (tenant_id, name) SELECT ? || 'history-' || lpad(t::text, 4, '0'),"
          + " 'benchmark history ' || t FROM generate_series(1, ?) t";

  /**
   * N synchronized readings dealt round-robin over the history tenants, so that the tenants'
   * readings interleave in the table as readings from many places arrive; {@code ?}: the prefix, K,
   * N. In generate_series order without an ORDER BY, which would sort N rows.
   */
  private static final String INSERT_HISTORY =
      "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit,"
          + " is_synchronized, sync_status, synchronized_at)"
          + " SELECT ? || 'history-' || lpad((g % ? + 1)::text, 4, '0'), 'history-' || g,"
          + " 'meter-' || (g % 25), timestamptz '2025-01-01 00:00:00Z' + g * interval '1 second',"
          + " round((g * 0.37)::numeric, 3), 'kWh', true, 'synchronized', current_timestamp"
          + " FROM generate_series(1, ?::bigint) g";

  /** Whether meter_reading has planner statistics, and how often it was analyzed. */
  private static final String TABLE_STATISTICS =
      "SELECT EXISTS (SELECT 1 FROM pg_stats WHERE schemaname = current_schema()"
          + " AND tablename = 'meter_reading'),"
          + " coalesce((SELECT analyze_count + autoanalyze_count FROM pg_stat_user_tables"
          + " WHERE schemaname = current_schema() AND relname = 'meter_reading'), 0)";

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

  /**
   * The server's version and its {@code synchronous_commit} as this benchmark's sessions have it.
   */
  public record ServerSettings(String version, String synchronousCommit) {

    public ServerSettings {
      requireNonNull(version, "version");
      requireNonNull(synchronousCommit, "synchronousCommit");
    }
  }

  /**
   * What the planner knows of meter_reading.
   *
   * @param present whether it has statistics at all ({@code pg_stats}); never analyzed: none
   * @param analyses how often it was analyzed, by hand or by autovacuum ({@code
   *     pg_stat_user_tables}): a change shows that an ANALYZE ran in between
   */
  public record TableStatistics(boolean present, long analyses) {}

  /** At most this many history tenants (their ids have four digits). */
  public static final int MAX_HISTORY_TENANTS = 9999;

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

  /**
   * Makes {@code readings} synchronized readings spread evenly over {@code tenants} new tenants
   * {@code <prefix>history-0001…}, in one INSERT … SELECT: a large table for one tenant's drain to
   * run in. The history is deleted with the benchmark's other tenants.
   */
  public void insertHistory(long readings, int tenants) {
    if (readings < 1) {
      throw new IllegalArgumentException("history readings must be at least 1, was " + readings);
    }
    if (tenants < 1 || tenants > MAX_HISTORY_TENANTS) {
      throw new IllegalArgumentException(
          "history tenants must be between 1 and " + MAX_HISTORY_TENANTS + ", was " + tenants);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement addTenants = c.prepareStatement(INSERT_HISTORY_TENANTS);
        PreparedStatement addReadings = c.prepareStatement(INSERT_HISTORY)) {
      addTenants.setString(1, tenantPrefix);
      addTenants.setInt(2, tenants);
      addTenants.executeUpdate();
      addReadings.setString(1, tenantPrefix);
      addReadings.setInt(2, tenants);
      addReadings.setLong(3, readings);
      addReadings.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not create the history: " + e.getMessage(), e);
    }
  }

  /** The server's version and {@code synchronous_commit}, as a session of this pool sees them. */
  public ServerSettings serverSettings() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      return new ServerSettings(show(st, "server_version"), show(st, "synchronous_commit"));
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the server's settings: " + e.getMessage(), e);
    }
  }

  private static String show(Statement st, String setting) throws SQLException {
    try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** What the planner knows of meter_reading now. */
  public TableStatistics tableStatistics() {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(TABLE_STATISTICS)) {
      rs.next();
      return new TableStatistics(rs.getBoolean(1), rs.getLong(2));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the table's statistics: " + e.getMessage(), e);
    }
  }

  /**
   * Keeps autovacuum off meter_reading until {@link #resumeAutovacuum}, so that a backlog inserted
   * for a run stays unanalyzed while it is measured. Only on the benchmark's own server: on a
   * configured one an interrupted run would leave the operator's table without autovacuum.
   */
  public void pauseAutovacuum() {
    alterOwnTable("ALTER TABLE meter_reading SET (autovacuum_enabled = false)");
  }

  /** Gives meter_reading back to autovacuum. */
  public void resumeAutovacuum() {
    alterOwnTable("ALTER TABLE meter_reading RESET (autovacuum_enabled)");
  }

  private void alterOwnTable(String alter) {
    if (!ownServer) {
      throw new IllegalStateException(
          "autovacuum is switched only on the benchmark's own server, not on a configured one");
    }
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute(alter);
    } catch (SQLException e) {
      throw new IllegalStateException("could not switch autovacuum: " + e.getMessage(), e);
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
