package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
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
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ReadingsPage;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Upload and download by plain JDBC, the yardsticks the benchmark measures the service against: per
 * row, as the seeds did (the baselines), and the service's own statements without the service
 * around them, or {@code COPY} (the floors). Each returns the number of statements it executed.
 */
public final class PlainJdbcFlows {

  private static final String SELECT_PENDING =
      "SELECT meter_reading_id, meter_id, taken_at, value, unit, backlog_position, version,"
          + " upload_attempts FROM meter_reading WHERE tenant_id = ? AND sync_status = 'pending'"
          + " AND backlog_position > ? ORDER BY backlog_position LIMIT ?";

  /**
   * The statement {@code JooqSyncDatabase.markReadingsAsSynchronized} sends, by hand: each batch
   * row probes for its pending row by position and id (lateral, so the batch drives the join
   * whatever the planner's statistics say), then the rows found are updated by row id.
   */
  private static final String MARK_BATCH =
      "WITH target (row_id) AS MATERIALIZED (SELECT f.row_id"
          + " FROM unnest(?::bigint[], ?::bigint[], ?::text[]) AS b(position, version, id)"
          + " CROSS JOIN LATERAL (SELECT m.ctid AS row_id FROM meter_reading m"
          + " WHERE m.tenant_id = ? AND m.sync_status = 'pending'"
          + " AND m.backlog_position = b.position AND m.meter_reading_id = b.id"
          + " AND m.version = b.version LIMIT 1) AS f)"
          + " UPDATE meter_reading SET is_synchronized = true, sync_status = 'synchronized',"
          + " synchronized_at = current_timestamp, last_error = NULL"
          + " WHERE meter_reading.ctid = any(array(SELECT target.row_id FROM target))";

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

  /** The operation names under which {@link #uploadInBatches} times its statements. */
  public static final String SELECT_OPERATION = "upload.read";

  public static final String MARK_OPERATION = "upload.mark";

  private static final ObjLongConsumer<String> UNTIMED = (operation, nanos) -> {};

  private final DataSource dataSource;

  public PlainJdbcFlows(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
  }

  /**
   * The naive upload: fetch {@code fetch} pending readings, hand them to {@code upload} in batches
   * of {@code batch}, then one UPDATE per reading the client system holds (a transaction per
   * batch); until none is pending.
   */
  public long uploadRowByRow(
      TenantId tenant,
      int fetch,
      int batch,
      Function<List<MeterReading>, Map<ReadingId, UploadVerdict>> upload) {
    try {
      return selectAndMarkOneByOne(tenant, fetch, batch, upload);
    } catch (SQLException e) {
      throw failed("the per-row upload", e);
    }
  }

  private long selectAndMarkOneByOne(
      TenantId tenant,
      int fetch,
      int batch,
      Function<List<MeterReading>, Map<ReadingId, UploadVerdict>> upload)
      throws SQLException {
    long statements = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(SELECT_PENDING)) {
      long after = Long.MIN_VALUE;
      while (true) {
        List<Pending> fetched = select(select, tenant, after, fetch);
        statements++;
        if (fetched.isEmpty()) {
          return statements;
        }
        after = fetched.get(fetched.size() - 1).position();
        for (int from = 0; from < fetched.size(); from += batch) {
          List<Pending> part = fetched.subList(from, Math.min(fetched.size(), from + batch));
          statements += markOneByOne(c, tenant, part, upload.apply(readingsOf(part)));
        }
      }
    }
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
   * The naive download: pages of {@code fetch} from {@code fetchPage} (cursor, limit), one INSERT
   * per reading, a commit every {@code commitEvery}, the cursor saved with the page's last; until
   * the client system has no more.
   */
  public long downloadRowByRow(
      TenantId tenant,
      int fetch,
      int commitEvery,
      BiFunction<Optional<String>, Integer, ReadingsPage> fetchPage) {
    try {
      return fetchAndInsertOneByOne(tenant, fetch, commitEvery, fetchPage);
    } catch (SQLException e) {
      throw failed("the per-row download", e);
    }
  }

  private long fetchAndInsertOneByOne(
      TenantId tenant,
      int fetch,
      int commitEvery,
      BiFunction<Optional<String>, Integer, ReadingsPage> fetchPage)
      throws SQLException {
    long statements = 0;
    try (Connection c = dataSource.getConnection()) {
      Optional<String> cursor = readCursor(c, tenant);
      statements++;
      boolean more = true;
      while (more) {
        ReadingsPage page = fetchPage.apply(cursor, fetch);
        statements += storeOneByOne(c, tenant, page, commitEvery);
        cursor = Optional.of(page.cursor());
        more = page.hasMore() && page.received() > 0;
      }
    }
    return statements;
  }

  private static long storeOneByOne(
      Connection c, TenantId tenant, ReadingsPage page, int commitEvery) throws SQLException {
    List<MeterReading> rows = page.readings();
    long statements = 0;
    c.setAutoCommit(false);
    try {
      for (int i = 0; i < rows.size(); i++) {
        insertOne(c, tenant, rows.get(i));
        statements++;
        if ((i + 1) % commitEvery == 0 && i + 1 < rows.size()) {
          c.commit();
        }
      }
      saveCursor(c, tenant, page.cursor());
      statements++;
      c.commit();
    } finally {
      c.setAutoCommit(true);
    }
    return statements;
  }

  /**
   * What the database alone costs for the service's upload: the same SELECT and batch UPDATE, in
   * batches of {@code batch}, on one connection with both statements prepared once; until none is
   * pending.
   */
  public long uploadInBatches(TenantId tenant, int batch) {
    return uploadInBatches(tenant, batch, UNTIMED);
  }

  /**
   * {@link #uploadInBatches(TenantId, int)}, telling {@code timer} each statement's duration in
   * nanoseconds under {@value #SELECT_OPERATION} or {@value #MARK_OPERATION}, the names the
   * service's statement counter uses for the same statements.
   */
  public long uploadInBatches(TenantId tenant, int batch, ObjLongConsumer<String> timer) {
    requireNonNull(timer, "timer");
    try {
      return selectAndMarkInBatches(tenant, batch, timer);
    } catch (SQLException e) {
      throw failed("the batched upload", e);
    }
  }

  private long selectAndMarkInBatches(TenantId tenant, int batch, ObjLongConsumer<String> timer)
      throws SQLException {
    long statements = 0;
    try (Connection c = dataSource.getConnection();
        PreparedStatement select = c.prepareStatement(SELECT_PENDING);
        PreparedStatement mark = c.prepareStatement(MARK_BATCH)) {
      Long[] positions = new Long[batch];
      Long[] versions = new Long[batch];
      String[] ids = new String[batch];
      long after = Long.MIN_VALUE;
      while (true) {
        long start = System.nanoTime();
        int fetched = selectKeys(select, tenant, after, batch, positions, versions, ids);
        timer.accept(SELECT_OPERATION, System.nanoTime() - start);
        statements++;
        if (fetched == 0) {
          break;
        }
        after = positions[fetched - 1];
        start = System.nanoTime();
        markBatch(
            c,
            mark,
            tenant,
            Arrays.copyOf(positions, fetched),
            Arrays.copyOf(versions, fetched),
            Arrays.copyOf(ids, fetched));
        timer.accept(MARK_OPERATION, System.nanoTime() - start);
        statements++;
        if (fetched < batch) {
          break;
        }
      }
    }
    return statements;
  }

  private static void markBatch(
      Connection c,
      PreparedStatement mark,
      TenantId tenant,
      Long[] positions,
      Long[] versions,
      String[] ids)
      throws SQLException {
    mark.setArray(1, c.createArrayOf("bigint", positions));
    mark.setArray(2, c.createArrayOf("bigint", versions));
    mark.setArray(3, c.createArrayOf("text", ids));
    mark.setString(4, tenant.value());
    mark.executeUpdate();
  }

  /**
   * The floor's read: the same rows and columns as the adapter's, every column fetched, but only
   * position and version kept (in the given arrays), with no objects made per row.
   */
  private static int selectKeys(
      PreparedStatement select,
      TenantId tenant,
      long after,
      int limit,
      Long[] positions,
      Long[] versions,
      String[] ids)
      throws SQLException {
    select.setString(1, tenant.value());
    select.setLong(2, after);
    select.setInt(3, limit);
    int n = 0;
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        ids[n] = rs.getString(1);
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
   * What the database alone costs for the service's download: {@code COPY} of readings {@code
   * 1..readings} of {@code feed} as downloaded, one COPY per chunk of {@code chunk}, one
   * transaction per page of {@code page}; no cursor.
   */
  public long copyPages(
      TenantId tenant, long readings, int page, int chunk, LongFunction<MeterReading> feed) {
    try {
      return copyInPages(tenant, readings, page, chunk, feed);
    } catch (SQLException | IOException e) {
      throw failed("the COPY download", e);
    }
  }

  private long copyInPages(
      TenantId tenant, long readings, int page, int chunk, LongFunction<MeterReading> feed)
      throws SQLException, IOException {
    long statements = 0;
    try (Connection c = dataSource.getConnection()) {
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      c.setAutoCommit(false);
      try {
        for (long first = 0; first < readings; first += page) {
          long pageEnd = Math.min(readings, first + page);
          String now = Instant.now().toString();
          for (long from = first; from < pageEnd; from += chunk) {
            String text = copyText(tenant, from, Math.min(pageEnd, from + chunk), now, feed);
            copy.copyIn(COPY, new StringReader(text));
            statements++;
          }
          c.commit();
        }
      } finally {
        c.setAutoCommit(true);
      }
    }
    return statements;
  }

  /** Rows {@code from+1 .. to} of the feed in COPY's text format. */
  private static String copyText(
      TenantId tenant, long from, long to, String now, LongFunction<MeterReading> feed) {
    StringBuilder text = new StringBuilder((int) (to - from) * 120);
    for (long n = from + 1; n <= to; n++) {
      MeterReading r = feed.apply(n);
      text.append(tenant.value())
          .append('\t')
          .append(r.id().value())
          .append('\t')
          .append(r.meterId())
          .append('\t')
          .append(r.takenAt())
          .append('\t')
          .append(r.value().toPlainString())
          .append('\t')
          .append(r.unit())
          .append("\tt\tsynchronized\t")
          .append(now)
          .append("\tdownloaded\n");
    }
    return text.toString();
  }

  private static IllegalStateException failed(String flow, Exception e) {
    return new IllegalStateException(flow + " by plain JDBC failed: " + e.getMessage(), e);
  }

  /** A row the per-row upload reads, as the adapter would map it. */
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
