package org.metersync.bootstrap.bench;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.BatchListener;
import org.metersync.application.DownloadReport;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.UploadReport;
import org.metersync.bootstrap.ServiceTenants;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The scenarios, each on a tenant of its own that is made before and deleted after the measured
 * part. The real flows count their statements with the service's jOOQ {@link StatementCounter}; the
 * plain-JDBC baselines and floors count every statement they execute themselves.
 */
final class Scenarios {

  /** The seeds' hard-coded sizes, which the baselines keep: fetch 1000, per-row SQL in 100s. */
  static final int BASELINE_FETCH = 1000;

  static final int BASELINE_BATCH = 100;

  private static final int MAX_RETRIES = 5;

  private static final String SELECT_PENDING =
      "SELECT meter_reading_id, meter_id, taken_at, value, unit, backlog_position, version,"
          + " upload_attempts FROM meter_reading WHERE tenant_id = ? AND sync_status = 'pending'"
          + " AND backlog_position > ? ORDER BY backlog_position LIMIT ?";

  /** The statement {@code JooqSyncDatabase.markReadingsAsSynchronized} sends, by hand. */
  private static final String MARK_BATCH =
      "UPDATE meter_reading SET is_synchronized = true, sync_status = 'synchronized',"
          + " synchronized_at = current_timestamp, last_error = NULL"
          + " FROM unnest(?::bigint[], ?::bigint[]) AS b(position, version)"
          + " WHERE meter_reading.tenant_id = ? AND meter_reading.backlog_position = b.position"
          + " AND meter_reading.version = b.version AND meter_reading.sync_status = 'pending'";

  private static final String MARK_ONE =
      "UPDATE meter_reading SET is_synchronized = true, sync_status = 'synchronized',"
          + " synchronized_at = current_timestamp, last_error = NULL"
          + " WHERE tenant_id = ? AND meter_reading_id = ? AND version = ?"
          + " AND sync_status = 'pending'";

  private static final String INSERT_ONE =
      "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit,"
          + " is_synchronized, sync_status, synchronized_at, origin)"
          + " VALUES (?, ?, ?, ?, ?, ?, true, 'synchronized', current_timestamp, 'downloaded')"
          + " ON CONFLICT DO NOTHING";

  private static final String SAVE_CURSOR =
      "INSERT INTO download_cursor (tenant_id, cursor) VALUES (?, ?) ON CONFLICT (tenant_id)"
          + " DO UPDATE SET cursor = excluded.cursor, updated_at = current_timestamp";

  private static final String READ_CURSOR =
      "SELECT cursor FROM download_cursor WHERE tenant_id = ?";

  private static final String COPY =
      "COPY meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit,"
          + " is_synchronized, sync_status, synchronized_at, origin) FROM STDIN";

  private final BenchEnvironment environment;
  private final StatementCounter counter;
  private final LoopbackClientSystem clientSystem;
  private final int downloadBatchSize;

  Scenarios(BenchEnvironment environment, int downloadBatchSize) {
    this.environment = environment;
    this.counter = environment.component().statementCounter();
    this.clientSystem = environment.clientSystem();
    this.downloadBatchSize = downloadBatchSize;
  }

  /** Drains {@code readings} pending readings through {@link MeterReadingUploadManager}. */
  BenchRow upload(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.UPLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    environment.insertPending(tenant, readings);
    MeterReadingUploadManager manager =
        ServiceTenants.upload(
            tenant,
            environment.clientSystemApi(tenant),
            MAX_RETRIES,
            environment.component(),
            BatchListener.NONE);
    return measured(
        BenchRow.UPLOAD,
        batch,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long before = counter.statements(tenant);
          UploadReport report = manager.uploadReadings();
          require(report.synchronizedCount() == readings, "upload", report);
          return counter.statements(tenant) - before;
        });
  }

  /** Pulls {@code readings} new readings through {@link SyncManager#downloadReadings()}. */
  BenchRow download(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.DOWNLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    clientSystem.offer(tenant.value(), readings);
    SyncManager manager =
        ServiceTenants.download(
            tenant,
            environment.clientSystemApi(tenant),
            environment.component(),
            BatchListener.NONE);
    return measured(
        BenchRow.DOWNLOAD,
        batch,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long before = counter.statements(tenant);
          manager.initialize();
          DownloadReport report = manager.downloadReadings();
          require(report.inserted() == readings, "download", report);
          return counter.statements(tenant) - before;
        });
  }

  /**
   * The naive upload the seeds replace: fetch {@value #BASELINE_FETCH}, upload in batches of
   * {@value #BASELINE_BATCH} over the same adapter, then one UPDATE per accepted reading (one
   * transaction per batch).
   */
  BenchRow baselineUpload(int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.BASELINE_UPLOAD, BASELINE_BATCH, run);
    environment.register(tenant, new BatchSizes(BASELINE_FETCH, BASELINE_BATCH));
    environment.insertPending(tenant, readings);
    ClientSystemApi api = environment.clientSystemApi(tenant);
    return measured(
        BenchRow.BASELINE_UPLOAD,
        BASELINE_BATCH,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long statements = 0;
          try (Connection c = environment.dataSource().getConnection();
              PreparedStatement select = c.prepareStatement(SELECT_PENDING)) {
            long after = Long.MIN_VALUE;
            while (true) {
              List<Pending> fetched = select(select, tenant, after, BASELINE_FETCH);
              statements++;
              if (fetched.isEmpty()) {
                break;
              }
              after = fetched.get(fetched.size() - 1).position();
              for (int from = 0; from < fetched.size(); from += BASELINE_BATCH) {
                List<Pending> batch =
                    fetched.subList(from, Math.min(fetched.size(), from + BASELINE_BATCH));
                statements += markOneByOne(c, tenant, batch, api.upload(readingsOf(batch)));
              }
            }
          }
          return statements;
        });
  }

  private static long markOneByOne(
      Connection c, TenantId tenant, List<Pending> batch, Map<ReadingId, UploadVerdict> v)
      throws SQLException {
    long statements = 0;
    c.setAutoCommit(false);
    try {
      for (Pending reading : batch) {
        if (v.get(reading.reading().id()).held()) {
          try (PreparedStatement mark = c.prepareStatement(MARK_ONE)) {
            mark.setString(1, tenant.value());
            mark.setString(2, reading.reading().id().value());
            mark.setLong(3, reading.version());
            mark.executeUpdate();
            statements++;
          }
        }
      }
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    return statements;
  }

  /**
   * The naive download: pages of {@value #BASELINE_FETCH} over the same adapter, one INSERT per
   * reading, a transaction per {@value #BASELINE_BATCH}, the cursor saved with the page's last.
   */
  BenchRow baselineDownload(int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.BASELINE_DOWNLOAD, BASELINE_BATCH, run);
    environment.register(tenant, new BatchSizes(BASELINE_FETCH, BASELINE_BATCH));
    clientSystem.offer(tenant.value(), readings);
    ClientSystemApi api = environment.clientSystemApi(tenant);
    return measured(
        BenchRow.BASELINE_DOWNLOAD,
        BASELINE_BATCH,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long statements = 0;
          try (Connection c = environment.dataSource().getConnection()) {
            Optional<String> cursor = readCursor(c, tenant);
            statements++;
            boolean more = true;
            while (more) {
              ReadingsPage page = api.fetchReadings(cursor, BASELINE_FETCH);
              List<MeterReading> rows = page.readings();
              c.setAutoCommit(false);
              try {
                for (int i = 0; i < rows.size(); i++) {
                  insertOne(c, tenant, rows.get(i));
                  statements++;
                  if ((i + 1) % BASELINE_BATCH == 0 && i + 1 < rows.size()) {
                    c.commit();
                  }
                }
                saveCursor(c, tenant, page.cursor());
                statements++;
                c.commit();
              } finally {
                c.setAutoCommit(true);
              }
              cursor = Optional.of(page.cursor());
              more = page.hasMore() && page.received() > 0;
            }
          }
          return statements;
        });
  }

  /**
   * What the database alone costs for {@link #upload}: the same SELECT and batch UPDATE, in the
   * same batches, by plain JDBC on one connection with both statements prepared once; no HTTP.
   */
  BenchRow floorUpload(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.FLOOR_UPLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    environment.insertPending(tenant, readings);
    return measured(
        BenchRow.FLOOR_UPLOAD,
        batch,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long statements = 0;
          try (Connection c = environment.dataSource().getConnection();
              PreparedStatement select = c.prepareStatement(SELECT_PENDING);
              PreparedStatement mark = c.prepareStatement(MARK_BATCH)) {
            Long[] positions = new Long[batch];
            Long[] versions = new Long[batch];
            long after = Long.MIN_VALUE;
            while (true) {
              int fetched = selectKeys(select, tenant, after, batch, positions, versions);
              statements++;
              if (fetched == 0) {
                break;
              }
              after = positions[fetched - 1];
              markBatch(
                  c,
                  mark,
                  tenant,
                  Arrays.copyOf(positions, fetched),
                  Arrays.copyOf(versions, fetched));
              statements++;
              if (fetched < batch) {
                break;
              }
            }
          }
          return statements;
        });
  }

  private static void markBatch(
      Connection c, PreparedStatement mark, TenantId tenant, Long[] positions, Long[] versions)
      throws SQLException {
    mark.setArray(1, c.createArrayOf("bigint", positions));
    mark.setArray(2, c.createArrayOf("bigint", versions));
    mark.setString(3, tenant.value());
    mark.executeUpdate();
  }

  /**
   * The floor's read: the same rows and columns as the adapter's, every column fetched, but only
   * position and version kept (in the given arrays), with no objects made per row.
   */
  private int selectKeys(
      PreparedStatement select,
      TenantId tenant,
      long after,
      int limit,
      Long[] positions,
      Long[] versions)
      throws SQLException {
    select.setString(1, tenant.value());
    select.setLong(2, after);
    select.setInt(3, limit);
    int n = 0;
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rs.getString(1);
        rs.getString(2);
        rs.getString(3);
        rs.getString(4);
        rs.getString(5);
        positions[n] = rs.getLong(6);
        versions[n++] = rs.getLong(7);
        rs.getInt(8);
      }
    }
    return n;
  }

  /**
   * What the database alone costs for {@link #download}: {@code COPY} of the same rows, one COPY
   * per chunk of the batch size, one transaction per page of the download batch size; no HTTP, no
   * cursor.
   */
  BenchRow floorDownload(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.FLOOR_DOWNLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    return measured(
        BenchRow.FLOOR_DOWNLOAD,
        batch,
        readings,
        tenant,
        "0/" + readings + "/0",
        () -> {
          long statements = 0;
          try (Connection c = environment.dataSource().getConnection()) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            c.setAutoCommit(false);
            try {
              for (long page = 0; page < readings; page += downloadBatchSize) {
                long pageEnd = Math.min(readings, page + downloadBatchSize);
                String now = Instant.now().toString();
                for (long chunk = page; chunk < pageEnd; chunk += batch) {
                  copy.copyIn(
                      COPY,
                      new StringReader(
                          copyText(tenant, chunk, Math.min(pageEnd, chunk + batch), now)));
                  statements++;
                }
                c.commit();
              }
            } finally {
              c.setAutoCommit(true);
            }
          }
          return statements;
        });
  }

  /** Rows {@code from+1 .. to} of the feed in COPY's text format. */
  private static String copyText(TenantId tenant, long from, long to, String now) {
    StringBuilder text = new StringBuilder((int) (to - from) * 120);
    for (long n = from + 1; n <= to; n++) {
      text.append(tenant.value())
          .append('\t')
          .append(BenchReadings.id(n))
          .append('\t')
          .append(BenchReadings.meterId(n))
          .append('\t')
          .append(BenchReadings.takenAt(n))
          .append('\t')
          .append(BenchReadings.value(n))
          .append('\t')
          .append(BenchReadings.UNIT)
          .append("\tt\tsynchronized\t")
          .append(now)
          .append("\tdownloaded\n");
    }
    return text.toString();
  }

  private BenchRow measured(
      String scenario,
      int batch,
      int readings,
      TenantId tenant,
      String expectedStatus,
      Callable<Long> work)
      throws Exception {
    try {
      environment.settle();
      long requests = clientSystem.requests();
      HeapSampler heap = HeapSampler.start();
      long start = System.nanoTime();
      long statements;
      double peak;
      try {
        statements = work.call();
      } finally {
        peak = heap.stop();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      String status = environment.statusCounts(tenant);
      if (!status.equals(expectedStatus)) {
        throw new IllegalStateException(
            scenario
                + " at batch "
                + batch
                + " left pending/synchronized/failed "
                + status
                + ", expected "
                + expectedStatus);
      }
      return new BenchRow(
          scenario, batch, readings, seconds, statements, clientSystem.requests() - requests, peak);
    } finally {
      environment.delete(tenant);
    }
  }

  private static TenantId tenant(String scenario, int batch, String run) {
    return TenantId.of(BenchEnvironment.TENANT_PREFIX + scenario + "-" + batch + run);
  }

  private static void require(boolean condition, String what, Object report) {
    if (!condition) {
      throw new IllegalStateException(what + " did not move every reading: " + report);
    }
  }

  /** A row the plain-JDBC scenarios read, as the adapter would map it. */
  private record Pending(MeterReading reading, long position, long version) {}

  private static List<Pending> select(
      PreparedStatement select, TenantId tenant, long after, int limit) throws SQLException {
    select.setString(1, tenant.value());
    select.setLong(2, after);
    select.setInt(3, limit);
    List<Pending> rows = new ArrayList<>(limit);
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Pending(
                new MeterReading(
                    ReadingId.of(rs.getString(1)),
                    rs.getString(2),
                    rs.getTimestamp(3).toInstant(),
                    rs.getBigDecimal(4),
                    rs.getString(5)),
                rs.getLong(6),
                rs.getLong(7)));
      }
    }
    return rows;
  }

  private static List<MeterReading> readingsOf(List<Pending> batch) {
    return batch.stream().map(Pending::reading).toList();
  }

  private static Optional<String> readCursor(Connection c, TenantId tenant) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(READ_CURSOR)) {
      st.setString(1, tenant.value());
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    }
  }

  private static void insertOne(Connection c, TenantId tenant, MeterReading r) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(INSERT_ONE)) {
      st.setString(1, tenant.value());
      st.setString(2, r.id().value());
      st.setString(3, r.meterId());
      st.setTimestamp(4, Timestamp.from(r.takenAt()));
      st.setBigDecimal(5, r.value());
      st.setString(6, r.unit());
      st.executeUpdate();
    }
  }

  private static void saveCursor(Connection c, TenantId tenant, String cursor) throws SQLException {
    try (PreparedStatement st = c.prepareStatement(SAVE_CURSOR)) {
      st.setString(1, tenant.value());
      st.setString(2, cursor);
      st.executeUpdate();
    }
  }
}
