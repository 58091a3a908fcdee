package org.metersync.adapters.postgres.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Rows for tests, written by plain SQL as the field application or an operator would. */
public final class TestData {

  private final TestDatabase db;

  public TestData(TestDatabase db) {
    this.db = db;
  }

  /** A tenant with the given batch sizes, or the column defaults where a size is null. */
  public void tenant(String tenantId, Integer download, Integer upload) {
    db.execute(
        "INSERT INTO tenant (tenant_id, name) VALUES ('"
            + tenantId
            + "', 'Tenant "
            + tenantId
            + "')");
    if (download != null) {
      db.execute(
          "UPDATE tenant SET download_batch_size = "
              + download
              + " WHERE tenant_id = '"
              + tenantId
              + "'");
    }
    if (upload != null) {
      db.execute(
          "UPDATE tenant SET upload_batch_size = "
              + upload
              + " WHERE tenant_id = '"
              + tenantId
              + "'");
    }
  }

  /** {@code count} pending local readings {@code <prefix>1..<prefix>count}, oldest first. */
  public void pendingReadings(String tenantId, String prefix, int count) {
    db.execute(
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " SELECT '"
            + tenantId
            + "', '"
            + prefix
            + "' || g, 'meter-' || (g % 7), timestamptz '2026-01-01 00:00:00Z' + g * interval '15"
            + " minutes', g * 0.25, 'kWh' FROM generate_series(1, "
            + count
            + ") g ORDER BY g");
  }

  /** Counts a tenant's readings by status, as {@code pending/synchronized/failed}. */
  public String statusCounts(String tenantId) {
    return queryString(
        "SELECT count(*) FILTER (WHERE sync_status = 'pending') || '/' || count(*) FILTER (WHERE"
            + " sync_status = 'synchronized' AND is_synchronized) || '/' || count(*) FILTER"
            + " (WHERE sync_status = 'failed') FROM meter_reading WHERE tenant_id = '"
            + tenantId
            + "'");
  }

  public long queryLong(String sql) {
    return Long.parseLong(queryString(sql));
  }

  public String queryString(String sql) {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row: " + sql);
      }
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed: " + sql + ": " + e.getMessage(), e);
    }
  }
}
