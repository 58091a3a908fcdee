package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;
import static org.metersync.adapters.postgres.jooq.Tables.DOWNLOAD_CURSOR;
import static org.metersync.adapters.postgres.jooq.Tables.METER_READING;
import static org.metersync.adapters.postgres.jooq.Tables.READING_QUARANTINE;
import static org.metersync.adapters.postgres.jooq.Tables.TENANT;
import static org.metersync.adapters.postgres.jooq.Tables.TENANT_UPLOAD_HORIZON;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.ReadingOrigin;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadHorizon;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

/**
 * The sync database on PostgreSQL through jOOQ, as the sync cycle uses it. Every batch is one
 * statement whatever its size: rows travel as a few array bind values and are unpacked with {@code
 * unnest}. Every call is scoped to one tenant and touches no other tenant's rows; a failed call
 * leaves nothing half-written.
 */
public final class JooqSyncDatabase
    implements UploadBacklog, UploadAttempts, DownloadedPages, TenantConfigStore {

  private static final String PENDING = SyncStatus.PENDING.code();
  private static final String SYNCHRONIZED = SyncStatus.SYNCHRONIZED.code();

  /**
   * The status the backlog index is partial on, as a literal: a bind parameter would keep a
   * server-side prepared statement's generic plan from using that index.
   */
  private static final Condition IS_PENDING = METER_READING.SYNC_STATUS.eq(DSL.inline(PENDING));

  private static final int MAX_NUMERIC_INTEGER_DIGITS = 131_072;
  private static final int MAX_NUMERIC_FRACTION_DIGITS = 16_383;

  private final DSLContext dsl;
  private final StatementCounter counter;

  JooqSyncDatabase(DSLContext dsl, StatementCounter counter) {
    this.dsl = requireNonNull(dsl, "dsl");
    this.counter = requireNonNull(counter, "counter");
  }

  /** A sync database on {@code dataSource} whose statements {@code counter} counts. */
  public static JooqSyncDatabase create(DataSource dataSource, StatementCounter counter) {
    return new JooqSyncDatabase(DSL.using(configuration(dataSource, counter)), counter);
  }

  static Configuration configuration(DataSource dataSource, StatementCounter counter) {
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    return new DefaultConfiguration()
        .set(dataSource)
        .set(SQLDialect.POSTGRES)
        .set(new Settings().withExecuteLogging(false))
        .set(new DefaultExecuteListenerProvider(counter));
  }

  @Override
  public Optional<Tenant> findTenant(TenantId tenantId) {
    return run(
        tenantId,
        "tenant.read",
        () ->
            dsl.selectFrom(TENANT)
                .where(TENANT.TENANT_ID.eq(tenantId.value()))
                .fetchOptional(JooqSyncAdministration::tenant));
  }

  @Override
  public TenantBatchConfig getTenantBatchConfig(TenantId tenantId) {
    return run(
        tenantId,
        "tenant.read",
        () ->
            dsl.select(TENANT.DOWNLOAD_BATCH_SIZE, TENANT.UPLOAD_BATCH_SIZE)
                .from(TENANT)
                .where(TENANT.TENANT_ID.eq(tenantId.value()))
                .fetchOptional(r -> new TenantBatchConfig(r.value1(), r.value2()))
                .orElseThrow(() -> new UnknownTenantException(tenantId)));
  }

  @Override
  public void updateBatchSizes(TenantId tenantId, BatchSizes sizes) {
    int updated =
        run(
            tenantId,
            "tenant.update",
            () ->
                dsl.update(TENANT)
                    .set(TENANT.DOWNLOAD_BATCH_SIZE, sizes.download())
                    .set(TENANT.UPLOAD_BATCH_SIZE, sizes.upload())
                    .set(TENANT.UPDATED_AT, DSL.currentOffsetDateTime())
                    .where(TENANT.TENANT_ID.eq(tenantId.value()))
                    .execute());
    if (updated == 0) {
      throw new UnknownTenantException(tenantId);
    }
  }

  @Override
  public List<PendingReading> getUnsynchronizedReadings(
      TenantId tenantId, long afterPosition, int limit) {
    return run(
        tenantId,
        "upload.read",
        () ->
            dsl.select(
                    METER_READING.METER_READING_ID,
                    METER_READING.METER_ID,
                    METER_READING.TAKEN_AT,
                    METER_READING.VALUE,
                    METER_READING.UNIT,
                    METER_READING.BACKLOG_POSITION,
                    METER_READING.VERSION,
                    METER_READING.UPLOAD_ATTEMPTS)
                .from(METER_READING)
                .where(METER_READING.TENANT_ID.eq(tenantId.value()))
                .and(IS_PENDING)
                .and(METER_READING.BACKLOG_POSITION.gt(afterPosition))
                .orderBy(METER_READING.BACKLOG_POSITION)
                .limit(limit)
                .fetch(
                    r ->
                        new PendingReading(
                            new MeterReading(
                                ReadingId.of(r.value1()),
                                r.value2(),
                                r.value3().toInstant(),
                                r.value4(),
                                r.value5()),
                            r.value6(),
                            r.value7(),
                            r.value8())));
  }

  @Override
  public int markReadingsAsSynchronized(
      List<PendingReading> readings, TenantId tenantId, Fence fence) {
    if (readings.isEmpty()) {
      return 0;
    }
    Table<?> batch =
        DSL.table(
                "unnest({0}, {1}, {2})",
                DSL.val(positions(readings)), DSL.val(versions(readings)), DSL.val(ids(readings)))
            .as("b", "position", "version", "id");
    CommonTableExpression<?> target = rowsOf(tenantId, batch);
    int marked =
        run(
            tenantId,
            "upload.mark",
            () ->
                dsl.with(target)
                    .update(METER_READING)
                    .set(METER_READING.IS_SYNCHRONIZED, true)
                    .set(METER_READING.SYNC_STATUS, SYNCHRONIZED)
                    .set(METER_READING.SYNCHRONIZED_AT, DSL.currentOffsetDateTime())
                    .set(METER_READING.LAST_ERROR, (String) null)
                    .where(rowIdIn(target))
                    .and(Fences.holds(tenantId, fence))
                    .execute());
    requireFenceIfShort(tenantId, fence, marked, readings.size(), "batch not marked");
    return marked;
  }

  @Override
  public int recordUploadAttempts(
      TenantId tenantId,
      List<UploadOutcome.Retry> retry,
      List<UploadOutcome.Failed> failed,
      Fence fence) {
    int size = retry.size() + failed.size();
    if (size == 0) {
      return 0;
    }
    Long[] positions = new Long[size];
    Long[] versions = new Long[size];
    String[] ids = new String[size];
    Integer[] attempts = new Integer[size];
    String[] statuses = new String[size];
    String[] reasons = new String[size];
    int i = 0;
    for (UploadOutcome.Retry r : retry) {
      positions[i] = r.reading().position();
      versions[i] = r.reading().version();
      ids[i] = r.reading().reading().id().value();
      attempts[i] = r.attempts();
      statuses[i] = PENDING;
      reasons[i++] = r.reason();
    }
    for (UploadOutcome.Failed f : failed) {
      positions[i] = f.reading().position();
      versions[i] = f.reading().version();
      ids[i] = f.reading().reading().id().value();
      attempts[i] = f.attempts();
      statuses[i] = SyncStatus.FAILED.code();
      reasons[i++] = f.reason();
    }
    Table<?> batch =
        DSL.table(
                "unnest({0}, {1}, {2}, {3}, {4}, {5})",
                DSL.val(positions),
                DSL.val(versions),
                DSL.val(ids),
                DSL.val(attempts),
                DSL.val(statuses),
                DSL.val(reasons))
            .as("b", "position", "version", "id", "attempts", "status", "reason");
    CommonTableExpression<?> target = rowsOf(tenantId, batch, "attempts", "status", "reason");
    int recorded =
        run(
            tenantId,
            "upload.attempts",
            () ->
                dsl.with(target)
                    .update(METER_READING)
                    .set(METER_READING.UPLOAD_ATTEMPTS, target.field("attempts", Integer.class))
                    .set(METER_READING.SYNC_STATUS, target.field("status", String.class))
                    .set(METER_READING.LAST_ERROR, target.field("reason", String.class))
                    .set(METER_READING.LAST_ATTEMPT_AT, DSL.currentOffsetDateTime())
                    .from(target)
                    .where(rowIdIn(target))
                    .and(ROW_ID.eq(target.field(TARGET_ROW_ID)))
                    .and(Fences.holds(tenantId, fence))
                    .execute());
    requireFenceIfShort(tenantId, fence, recorded, size, "attempts not recorded");
    return recorded;
  }

  @Override
  public UploadHorizon uploadHorizon(TenantId tenantId) {
    Long sentThrough =
        run(
            tenantId,
            "upload.horizon",
            () ->
                dsl.select(TENANT_UPLOAD_HORIZON.SENT_THROUGH)
                    .from(TENANT_UPLOAD_HORIZON)
                    .where(TENANT_UPLOAD_HORIZON.TENANT_ID.eq(tenantId.value()))
                    .fetchOne(TENANT_UPLOAD_HORIZON.SENT_THROUGH));
    return sentThrough == null ? UploadHorizon.NONE : new UploadHorizon(sentThrough);
  }

  @Override
  public void raiseUploadHorizon(TenantId tenantId, UploadHorizon horizon, Fence fence) {
    int raised =
        run(
            tenantId,
            "upload.horizon.raise",
            () ->
                dsl.insertInto(
                        TENANT_UPLOAD_HORIZON,
                        TENANT_UPLOAD_HORIZON.TENANT_ID,
                        TENANT_UPLOAD_HORIZON.SENT_THROUGH)
                    .select(
                        DSL.select(DSL.val(tenantId.value()), DSL.val(horizon.sentThrough()))
                            .where(Fences.holds(tenantId, fence)))
                    .onConflict(TENANT_UPLOAD_HORIZON.TENANT_ID)
                    .doUpdate()
                    .set(
                        TENANT_UPLOAD_HORIZON.SENT_THROUGH,
                        DSL.greatest(
                            TENANT_UPLOAD_HORIZON.SENT_THROUGH,
                            DSL.excluded(TENANT_UPLOAD_HORIZON.SENT_THROUGH)))
                    .execute());
    if (raised == 0) {
      throw new LeaseLostException(tenantId, fence + " no longer holds it; nothing sent");
    }
  }

  /**
   * A fenced write that changed fewer rows than asked was either refused by its fence or met rows
   * edited meanwhile; a lease whose fence failed once never holds again, so asking afterwards tells
   * which. Costs a statement only in those cases.
   */
  private void requireFenceIfShort(
      TenantId tenantId, Fence fence, int changed, int asked, String what) {
    if (changed < asked
        && fence instanceof Fence.Token token
        && !run(tenantId, "lease.check", () -> Fences.isHeld(dsl, tenantId, token))) {
      throw new LeaseLostException(tenantId, "token " + token.value() + " expired; " + what);
    }
  }

  /**
   * Inserts downloaded readings, synchronized and of origin "downloaded", in one statement. A
   * reading the tenant already has is left as it is. Returns how many were inserted.
   */
  public int insertReadings(TenantId tenantId, List<MeterReading> readings) {
    if (readings.isEmpty()) {
      return 0;
    }
    int size = readings.size();
    String[] ids = new String[size];
    String[] meters = new String[size];
    String[] takenAt = new String[size];
    String[] values = new String[size];
    String[] units = new String[size];
    for (int i = 0; i < size; i++) {
      MeterReading r = readings.get(i);
      ids[i] = r.id().value();
      meters[i] = r.meterId();
      takenAt[i] = r.takenAt().toString();
      values[i] = r.value().toPlainString();
      units[i] = r.unit();
    }
    Table<?> rows =
        DSL.table(
                "unnest({0}, {1}, cast({2} as timestamptz[]), cast({3} as numeric[]), {4})",
                DSL.val(ids), DSL.val(meters), DSL.val(takenAt), DSL.val(values), DSL.val(units))
            .as("r", "id", "meter_id", "taken_at", "value", "unit");
    return run(
        tenantId,
        "download.insert",
        () ->
            dsl.insertInto(
                    METER_READING,
                    METER_READING.TENANT_ID,
                    METER_READING.METER_READING_ID,
                    METER_READING.METER_ID,
                    METER_READING.TAKEN_AT,
                    METER_READING.VALUE,
                    METER_READING.UNIT,
                    METER_READING.IS_SYNCHRONIZED,
                    METER_READING.SYNC_STATUS,
                    METER_READING.SYNCHRONIZED_AT,
                    METER_READING.ORIGIN)
                .select(
                    DSL.select(
                            DSL.val(tenantId.value()),
                            field(rows, "id", String.class),
                            field(rows, "meter_id", String.class),
                            field(rows, "taken_at", OffsetDateTime.class),
                            field(rows, "value", BigDecimal.class),
                            field(rows, "unit", String.class),
                            DSL.inline(true),
                            DSL.inline(SYNCHRONIZED),
                            DSL.currentOffsetDateTime(),
                            DSL.inline(ReadingOrigin.DOWNLOADED.code()))
                        .from(rows))
                .onConflictDoNothing()
                .execute());
  }

  /**
   * PostgreSQL text holds no NUL character; {@code timestamptz} is written and read here as ISO
   * text with a four-digit year; {@code numeric} holds 131072 digits before the point and 16383
   * after.
   */
  @Override
  public Optional<String> unstorableReason(MeterReading reading) {
    if (hasNul(reading.id().value()) || hasNul(reading.meterId()) || hasNul(reading.unit())) {
      return Optional.of(
          "a NUL character in id, meterId or unit: the sync database cannot hold it");
    }
    int year = reading.takenAt().atOffset(ZoneOffset.UTC).getYear();
    if (year < 1 || year > 9999) {
      return Optional.of(
          "takenAt " + reading.takenAt() + " is outside the years 1-9999 the sync database stores");
    }
    BigDecimal value = reading.value();
    if (value.precision() - value.scale() > MAX_NUMERIC_INTEGER_DIGITS
        || value.scale() > MAX_NUMERIC_FRACTION_DIGITS) {
      return Optional.of("value has more digits than the sync database's numeric type holds");
    }
    return Optional.empty();
  }

  /** Keeps readings the client system sent that could not be taken, with the reason. */
  public void quarantine(TenantId tenantId, List<MalformedReading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    Table<?> rows =
        DSL.table(
                "unnest({0}, {1}, {2})",
                DSL.val(text(readings, MalformedReading::readingId)),
                DSL.val(text(readings, MalformedReading::payload)),
                DSL.val(text(readings, MalformedReading::reason)))
            .as("q", "id", "payload", "reason");
    run(
        tenantId,
        "download.quarantine",
        () ->
            dsl.insertInto(
                    READING_QUARANTINE,
                    READING_QUARANTINE.TENANT_ID,
                    READING_QUARANTINE.METER_READING_ID,
                    READING_QUARANTINE.PAYLOAD,
                    READING_QUARANTINE.REASON)
                .select(
                    DSL.select(
                            DSL.val(tenantId.value()),
                            field(rows, "id", String.class),
                            field(rows, "payload", String.class),
                            field(rows, "reason", String.class))
                        .from(rows))
                .execute());
  }

  @Override
  public Optional<DownloadCursor> downloadCursor(TenantId tenantId) {
    return run(
        tenantId,
        "download.cursor",
        () ->
            dsl.select(
                    DOWNLOAD_CURSOR.CURSOR,
                    DOWNLOAD_CURSOR.CLIENT_SYSTEM_KIND,
                    DOWNLOAD_CURSOR.CLIENT_SYSTEM_ENDPOINT)
                .from(DOWNLOAD_CURSOR)
                .where(DOWNLOAD_CURSOR.TENANT_ID.eq(tenantId.value()))
                .fetchOptional(
                    r -> new DownloadCursor(r.value1(), source(r.value2(), r.value3()))));
  }

  /** The stored cursor's value, whatever client system wrote it. */
  public Optional<String> getDownloadCursor(TenantId tenantId) {
    return downloadCursor(tenantId).map(DownloadCursor::value);
  }

  /** Stores where the next download starts, and for which client system. */
  public void saveDownloadCursor(TenantId tenantId, DownloadCursor cursor) {
    saveDownloadCursor(tenantId, cursor, Fence.none());
  }

  /**
   * Stores where the next download starts, and for which client system, while {@code fence} holds;
   * in a transaction, the fence's row stays locked against a take until it ends.
   *
   * @throws LeaseLostException if it does not hold; nothing was stored
   */
  public void saveDownloadCursor(TenantId tenantId, DownloadCursor cursor, Fence fence) {
    requireNonNull(cursor, "cursor");
    String kind = cursor.source().map(DownloadSource::kind).orElse(null);
    String endpoint = cursor.source().map(DownloadSource::endpoint).orElse(null);
    int saved =
        run(
            tenantId,
            "download.cursor",
            () ->
                dsl.insertInto(
                        DOWNLOAD_CURSOR,
                        DOWNLOAD_CURSOR.TENANT_ID,
                        DOWNLOAD_CURSOR.CURSOR,
                        DOWNLOAD_CURSOR.CLIENT_SYSTEM_KIND,
                        DOWNLOAD_CURSOR.CLIENT_SYSTEM_ENDPOINT)
                    .select(
                        DSL.select(
                                DSL.val(tenantId.value()),
                                DSL.val(cursor.value()),
                                DSL.val(kind, DOWNLOAD_CURSOR.CLIENT_SYSTEM_KIND),
                                DSL.val(endpoint, DOWNLOAD_CURSOR.CLIENT_SYSTEM_ENDPOINT))
                            .where(Fences.holds(tenantId, fence)))
                    .onConflict(DOWNLOAD_CURSOR.TENANT_ID)
                    .doUpdate()
                    .set(DOWNLOAD_CURSOR.CURSOR, cursor.value())
                    .set(DOWNLOAD_CURSOR.CLIENT_SYSTEM_KIND, kind)
                    .set(DOWNLOAD_CURSOR.CLIENT_SYSTEM_ENDPOINT, endpoint)
                    .set(DOWNLOAD_CURSOR.UPDATED_AT, DSL.currentOffsetDateTime())
                    .execute());
    if (saved == 0) {
      throw new LeaseLostException(tenantId, fence + " no longer holds it; page not stored");
    }
  }

  /** Stores a cursor without its client system, as cursors were stored before V9. */
  public void saveDownloadCursor(TenantId tenantId, String cursor) {
    saveDownloadCursor(tenantId, new DownloadCursor(cursor, Optional.empty()));
  }

  private static Optional<DownloadSource> source(String kind, String endpoint) {
    return kind == null || kind.isBlank() || endpoint == null
        ? Optional.empty()
        : Optional.of(new DownloadSource(kind, endpoint));
  }

  @Override
  public int storePage(
      TenantId tenantId,
      List<List<MeterReading>> insertBatches,
      List<MalformedReading> malformed,
      DownloadCursor cursor,
      Fence fence) {
    requireNonNull(cursor, "cursor");
    return inTransaction(
        tx -> {
          int inserted = 0;
          for (List<MeterReading> batch : insertBatches) {
            inserted += tx.insertReadings(tenantId, batch);
          }
          if (!malformed.isEmpty()) {
            tx.quarantine(tenantId, malformed);
          }
          // Last, so the fence's lock is held only for the commit.
          tx.saveDownloadCursor(tenantId, cursor, fence);
          return inserted;
        });
  }

  /**
   * Runs {@code work} in one transaction: all of it is committed, or none of it. The database
   * handed to {@code work} must be used instead of this one inside it.
   */
  public <T> T inTransaction(Function<JooqSyncDatabase, T> work) {
    try {
      return dsl.transactionResult(tx -> work.apply(new JooqSyncDatabase(tx.dsl(), counter)));
    } catch (DataAccessException e) {
      throw new SyncDatabaseException("sync database transaction failed: " + e.getMessage(), e);
    }
  }

  private <T> T run(TenantId tenantId, String operation, Supplier<T> statement) {
    try {
      return counter.scoped(tenantId, operation, statement);
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(
          operation + " failed for tenant " + tenantId + ": " + e.getMessage(), e);
    }
  }

  /**
   * The batch's rows of this tenant that are still pending at the version they were read at: a
   * reading edited (or finished by another worker) since then is left alone. Rows are found by
   * backlog position, which never changes and is what the backlog index is keyed by.
   */
  private static final Field<Object> ROW_ID = DSL.field(DSL.name("meter_reading", "ctid"));

  private static final String TARGET_ROW_ID = "row_id";

  /**
   * The rows of {@code batch} (positions, ids and versions, plus {@code carried} columns) that are
   * still pending as read, by their physical row id, found one batch row at a time: the lateral
   * lookup puts the batch on the outer side of the join whatever the planner believes, so each row
   * costs one index probe even on a table never analyzed, where the planner would otherwise walk
   * the tenant's whole backlog for every row of the batch. The probe names both keys, position and
   * id, so whichever index the planner picks (the backlog's or the primary key) it is bounded by
   * the row's own key: statistics that make {@code tenant_id = ?} look selective cannot turn it
   * into a walk of the tenant's rows. Materialized, so it is planned on its own.
   */
  private static CommonTableExpression<?> rowsOf(
      TenantId tenantId, Table<?> batch, String... carried) {
    org.metersync.adapters.postgres.jooq.tables.MeterReading m = METER_READING.as("m");
    Field<Object> rowId = DSL.field(DSL.name("m", "ctid"));
    Table<?> found =
        DSL.lateral(
                DSL.select(rowId.as(TARGET_ROW_ID))
                    .from(m)
                    .where(m.TENANT_ID.eq(tenantId.value()))
                    .and(m.SYNC_STATUS.eq(DSL.inline(PENDING)))
                    .and(m.BACKLOG_POSITION.eq(field(batch, "position", Long.class)))
                    .and(m.METER_READING_ID.eq(field(batch, "id", String.class)))
                    .and(m.VERSION.eq(field(batch, "version", Long.class)))
                    .limit(DSL.inline(1)))
            .as("f");
    List<Field<?>> columns = new ArrayList<>();
    columns.add(DSL.field(DSL.name("f", TARGET_ROW_ID)));
    for (String column : carried) {
      columns.add(field(batch, column, Object.class));
    }
    String[] names = new String[columns.size()];
    names[0] = TARGET_ROW_ID;
    System.arraycopy(carried, 0, names, 1, carried.length);
    return DSL.name("target")
        .fields(names)
        .asMaterialized(DSL.select(columns).from(batch).crossJoin(found));
  }

  /**
   * The row is one of {@code target}'s, by row id: the only access path that condition offers is a
   * TID scan, so the update touches exactly the batch's rows. A row changed concurrently has a new
   * row id by the time the update reaches it and is left alone, which is the version guard's aim.
   */
  private static Condition rowIdIn(CommonTableExpression<?> target) {
    return DSL.condition(
        "{0} = any(array({1}))", ROW_ID, DSL.select(target.field(TARGET_ROW_ID)).from(target));
  }

  private static <T> Field<T> field(Table<?> table, String name, Class<T> type) {
    return DSL.field(DSL.name(table.getName(), name), type);
  }

  private static boolean hasNul(String text) {
    return text.indexOf('\0') >= 0;
  }

  /** The field of each reading, a NUL character written as its JSON escape (text holds none). */
  private static String[] text(
      List<MalformedReading> readings, Function<MalformedReading, String> field) {
    return readings.stream()
        .map(field)
        .map(t -> t == null ? null : t.replace("\0", "\\u0000"))
        .toArray(String[]::new);
  }

  private static Long[] positions(List<PendingReading> readings) {
    return readings.stream().map(PendingReading::position).toArray(Long[]::new);
  }

  private static String[] ids(List<PendingReading> readings) {
    return readings.stream().map(r -> r.reading().id().value()).toArray(String[]::new);
  }

  private static Long[] versions(List<PendingReading> readings) {
    return readings.stream().map(PendingReading::version).toArray(Long[]::new);
  }
}
