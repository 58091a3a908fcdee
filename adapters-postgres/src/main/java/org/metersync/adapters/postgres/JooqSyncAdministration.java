package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;
import static org.metersync.adapters.postgres.jooq.Tables.DOWNLOAD_CURSOR;
import static org.metersync.adapters.postgres.jooq.Tables.METER_READING;
import static org.metersync.adapters.postgres.jooq.Tables.TENANT;
import static org.metersync.adapters.postgres.jooq.Tables.TENANT_SYNC_STATE;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertSetMoreStep;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.metersync.adapters.postgres.jooq.tables.records.TenantRecord;
import org.metersync.adapters.postgres.jooq.tables.records.TenantSyncStateRecord;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantEnablement;
import org.metersync.application.port.TenantRegistration;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.ReadingId;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.TenantId;

/**
 * Tenant registration, the cycles' history and the operators' view of the sync database, through
 * jOOQ.
 */
public final class JooqSyncAdministration
    implements OperatorQueries, OperatorCommands, CycleHistory, TenantDirectory, TenantEnablement {

  private static final String PENDING = SyncStatus.PENDING.code();
  private static final String FAILED = SyncStatus.FAILED.code();
  private static final String SYNCHRONIZED = SyncStatus.SYNCHRONIZED.code();

  /** As a literal, so that generic plans of prepared statements can use the partial index on it. */
  private static final Condition IS_FAILED = METER_READING.SYNC_STATUS.eq(DSL.inline(FAILED));

  private static final String OLDEST_PENDING = "oldest_pending";
  private static final String DATABASE_NOW = "database_now";

  private final DSLContext dsl;

  JooqSyncAdministration(DSLContext dsl) {
    this.dsl = requireNonNull(dsl, "dsl");
  }

  public static JooqSyncAdministration create(DataSource dataSource, StatementCounter counter) {
    return new JooqSyncAdministration(
        DSL.using(JooqSyncDatabase.configuration(dataSource, counter)));
  }

  @Override
  public List<Tenant> listTenants() {
    return run(
        "listing tenants",
        () ->
            dsl.selectFrom(TENANT).orderBy(TENANT.TENANT_ID).fetch(JooqSyncAdministration::tenant));
  }

  @Override
  public void register(TenantRegistration registration) {
    run(
        "registering tenant " + registration.id(),
        () -> {
          InsertSetMoreStep<TenantRecord> insert =
              dsl.insertInto(TENANT)
                  .set(TENANT.TENANT_ID, registration.id().value())
                  .set(TENANT.NAME, registration.name())
                  .set(TENANT.CLIENT_SYSTEM_KIND, registration.clientSystemKind())
                  .set(TENANT.CLIENT_SYSTEM_URL, registration.clientSystemUrl())
                  .set(TENANT.CLIENT_SYSTEM_CREDENTIAL, registration.credential().orElse(null));
          if (registration.initialBatchSizes().isPresent()) {
            BatchSizes sizes = registration.initialBatchSizes().get();
            insert =
                insert
                    .set(TENANT.DOWNLOAD_BATCH_SIZE, sizes.download())
                    .set(TENANT.UPLOAD_BATCH_SIZE, sizes.upload());
          }
          // Only a real change updates the row, so restarts do not notify every service.
          return insert
              .onConflict(TENANT.TENANT_ID)
              .doUpdate()
              .set(TENANT.NAME, DSL.excluded(TENANT.NAME))
              .set(TENANT.CLIENT_SYSTEM_KIND, DSL.excluded(TENANT.CLIENT_SYSTEM_KIND))
              .set(TENANT.CLIENT_SYSTEM_URL, DSL.excluded(TENANT.CLIENT_SYSTEM_URL))
              .set(TENANT.CLIENT_SYSTEM_CREDENTIAL, DSL.excluded(TENANT.CLIENT_SYSTEM_CREDENTIAL))
              .set(TENANT.UPDATED_AT, DSL.currentOffsetDateTime())
              .where(
                  DSL.row(
                          TENANT.NAME,
                          TENANT.CLIENT_SYSTEM_KIND,
                          TENANT.CLIENT_SYSTEM_URL,
                          TENANT.CLIENT_SYSTEM_CREDENTIAL)
                      .isDistinctFrom(
                          DSL.row(
                              DSL.excluded(TENANT.NAME),
                              DSL.excluded(TENANT.CLIENT_SYSTEM_KIND),
                              DSL.excluded(TENANT.CLIENT_SYSTEM_URL),
                              DSL.excluded(TENANT.CLIENT_SYSTEM_CREDENTIAL))))
              .execute();
        });
  }

  @Override
  public boolean setEnabled(TenantId tenantId, boolean enabled) {
    return run(
        (enabled ? "enabling" : "disabling") + " tenant " + tenantId,
        () ->
            dsl.transactionResult(
                tx -> {
                  Boolean before =
                      tx.dsl()
                          .select(TENANT.ENABLED)
                          .from(TENANT)
                          .where(TENANT.TENANT_ID.eq(tenantId.value()))
                          .forUpdate()
                          .fetchOptional(TENANT.ENABLED)
                          .orElseThrow(() -> new UnknownTenantException(tenantId));
                  if (before == enabled) {
                    return false;
                  }
                  // The tenant table's trigger tells every running service.
                  tx.dsl()
                      .update(TENANT)
                      .set(TENANT.ENABLED, enabled)
                      .set(TENANT.UPDATED_AT, DSL.currentOffsetDateTime())
                      .where(TENANT.TENANT_ID.eq(tenantId.value()))
                      .execute();
                  return true;
                }));
  }

  @Override
  public List<TenantOverview> tenantOverview() {
    Field<Integer> pending = DSL.count().filterWhere(METER_READING.SYNC_STATUS.eq(PENDING));
    Field<Integer> failed = DSL.count().filterWhere(METER_READING.SYNC_STATUS.eq(FAILED));
    Field<Integer> synced = DSL.count().filterWhere(METER_READING.SYNC_STATUS.eq(SYNCHRONIZED));
    Table<?> counts =
        DSL.select(
                METER_READING.TENANT_ID,
                pending.as("pending"),
                failed.as("failed"),
                synced.as("synced"))
            .from(METER_READING)
            .groupBy(METER_READING.TENANT_ID)
            .asTable("c");
    Field<String> countsTenant = counts.field(METER_READING.TENANT_ID);
    return run(
        "reading the tenant overview",
        () ->
            dsl.select(
                    TENANT.asterisk(),
                    TENANT_SYNC_STATE.asterisk(),
                    counts.asterisk(),
                    oldestPending().as(OLDEST_PENDING),
                    DSL.currentOffsetDateTime().as(DATABASE_NOW))
                .from(TENANT)
                .leftJoin(TENANT_SYNC_STATE)
                .on(TENANT_SYNC_STATE.TENANT_ID.eq(TENANT.TENANT_ID))
                .leftJoin(counts)
                .on(countsTenant.eq(TENANT.TENANT_ID))
                .orderBy(TENANT.TENANT_ID)
                .fetch(
                    r -> {
                      Tenant tenant = tenant(r.into(TENANT));
                      return new TenantOverview(
                          tenant.id(),
                          tenant.name(),
                          tenant.clientSystemKind(),
                          tenant.batchSizes(),
                          count(r, counts, "pending"),
                          count(r, counts, "failed"),
                          count(r, counts, "synced"),
                          cycle(r),
                          tenant.enabled(),
                          oldestPendingAge(r));
                    }));
  }

  @Override
  public List<FailedReading> failedReadings(Optional<TenantId> tenantId, int limit) {
    Condition condition = IS_FAILED;
    if (tenantId.isPresent()) {
      condition = condition.and(METER_READING.TENANT_ID.eq(tenantId.get().value()));
    }
    Condition where = condition;
    return run(
        "listing failed readings",
        () ->
            dsl.select(
                    METER_READING.TENANT_ID,
                    METER_READING.METER_READING_ID,
                    METER_READING.METER_ID,
                    METER_READING.TAKEN_AT,
                    METER_READING.UPLOAD_ATTEMPTS,
                    METER_READING.LAST_ERROR,
                    METER_READING.LAST_ATTEMPT_AT)
                .from(METER_READING)
                .where(where)
                .orderBy(METER_READING.TENANT_ID, METER_READING.BACKLOG_POSITION)
                .limit(limit)
                .fetch(
                    r ->
                        new FailedReading(
                            TenantId.of(r.value1()),
                            ReadingId.of(r.value2()),
                            r.value3(),
                            r.value4().toInstant(),
                            r.value5(),
                            r.value6() == null ? "" : r.value6(),
                            Optional.ofNullable(r.value7()).map(OffsetDateTime::toInstant))));
  }

  @Override
  public int requeueFailed(TenantId tenantId, Optional<List<ReadingId>> readingIds) {
    Condition condition = METER_READING.TENANT_ID.eq(tenantId.value()).and(IS_FAILED);
    if (readingIds.isPresent()) {
      condition =
          condition.and(
              METER_READING.METER_READING_ID.in(
                  readingIds.get().stream().map(ReadingId::value).toList()));
    }
    Condition where = condition;
    return run(
        "re-queueing failed readings of tenant " + tenantId,
        () ->
            dsl.update(METER_READING)
                .set(METER_READING.SYNC_STATUS, PENDING)
                .set(METER_READING.UPLOAD_ATTEMPTS, 0)
                .set(METER_READING.LAST_ERROR, (String) null)
                .where(where)
                .execute());
  }

  @Override
  public boolean resetDownloadCursor(TenantId tenantId) {
    return run(
            "resetting the download cursor of tenant " + tenantId,
            () ->
                dsl.deleteFrom(DOWNLOAD_CURSOR)
                    .where(DOWNLOAD_CURSOR.TENANT_ID.eq(tenantId.value()))
                    .execute())
        > 0;
  }

  @Override
  public void recordCycle(TenantId tenantId, CycleRecord cycle) {
    TenantSyncStateRecord state = new TenantSyncStateRecord();
    state.setTenantId(tenantId.value());
    state.setLastCycleAt(cycle.at().atOffset(ZoneOffset.UTC));
    state.setLastOutcome(cycle.outcome().code());
    state.setLastError(cycle.error().orElse(null));
    state.setReadingsUploaded(cycle.uploaded());
    state.setReadingsDownloaded(cycle.downloaded());
    state.setConsecutiveFailures(cycle.consecutiveFailures());
    state.setLastSuccessfulUploadAt(utc(cycle.lastSuccessfulUpload()));
    state.setLastSuccessfulDownloadAt(utc(cycle.lastSuccessfulDownload()));
    run(
        "recording the cycle of tenant " + tenantId,
        () ->
            dsl.insertInto(TENANT_SYNC_STATE)
                .set(state)
                .onConflict(TENANT_SYNC_STATE.TENANT_ID)
                .doUpdate()
                .set(state)
                // A pass that did not succeed this time keeps the last success.
                .set(
                    TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT,
                    DSL.coalesce(
                        DSL.excluded(TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT),
                        TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT))
                .set(
                    TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT,
                    DSL.coalesce(
                        DSL.excluded(TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT),
                        TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT))
                .execute());
  }

  /** Served by the partial indexes on the status. */
  @Override
  public Map<TenantId, Backlog> backlog() {
    return run(
        "counting the backlog",
        () -> {
          Map<TenantId, Backlog> result = new LinkedHashMap<>();
          dsl.select(
                  METER_READING.TENANT_ID,
                  DSL.count().filterWhere(METER_READING.SYNC_STATUS.eq(PENDING)),
                  DSL.count().filterWhere(METER_READING.SYNC_STATUS.eq(FAILED)))
              .from(METER_READING)
              .where(METER_READING.SYNC_STATUS.in(PENDING, FAILED))
              .groupBy(METER_READING.TENANT_ID)
              .forEach(
                  r -> result.put(TenantId.of(r.value1()), new Backlog(r.value2(), r.value3())));
          return result;
        });
  }

  /** One statement; each tenant's oldest pending reading is one probe of the backlog index. */
  @Override
  public List<TenantLag> lag() {
    return run(
        "reading the tenants' lag",
        () ->
            dsl.select(
                    TENANT.TENANT_ID,
                    TENANT.ENABLED,
                    oldestPending().as(OLDEST_PENDING),
                    DSL.currentOffsetDateTime().as(DATABASE_NOW),
                    TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT,
                    TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT,
                    TENANT_SYNC_STATE.LAST_CYCLE_AT,
                    TENANT_SYNC_STATE.CONSECUTIVE_FAILURES)
                .from(TENANT)
                .leftJoin(TENANT_SYNC_STATE)
                .on(TENANT_SYNC_STATE.TENANT_ID.eq(TENANT.TENANT_ID))
                .orderBy(TENANT.TENANT_ID)
                .fetch(
                    r ->
                        new TenantLag(
                            TenantId.of(r.get(TENANT.TENANT_ID)),
                            r.get(TENANT.ENABLED),
                            oldestPendingAge(r),
                            instant(r.get(TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT)),
                            instant(r.get(TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT)),
                            instant(r.get(TENANT_SYNC_STATE.LAST_CYCLE_AT)),
                            Optional.ofNullable(r.get(TENANT_SYNC_STATE.CONSECUTIVE_FAILURES))
                                .orElse(0))));
  }

  /**
   * When the tenant's oldest pending reading entered the sync database: the first row of the
   * partial backlog index (the status a literal, so that a generic plan uses it too).
   */
  private static Field<OffsetDateTime> oldestPending() {
    org.metersync.adapters.postgres.jooq.tables.MeterReading m = METER_READING.as("oldest");
    return DSL.field(
        DSL.select(m.CREATED_AT)
            .from(m)
            .where(m.TENANT_ID.eq(TENANT.TENANT_ID))
            .and(m.SYNC_STATUS.eq(DSL.inline(PENDING)))
            .orderBy(m.BACKLOG_POSITION)
            .limit(DSL.inline(1)));
  }

  /** Measured on the database's clock, which stamped the reading; zero when nothing is pending. */
  private static Duration oldestPendingAge(Record r) {
    OffsetDateTime oldest = r.get(OLDEST_PENDING, OffsetDateTime.class);
    if (oldest == null) {
      return Duration.ZERO;
    }
    Duration age = Duration.between(oldest, r.get(DATABASE_NOW, OffsetDateTime.class));
    return age.isNegative() ? Duration.ZERO : age;
  }

  private static Optional<Instant> instant(OffsetDateTime at) {
    return Optional.ofNullable(at).map(OffsetDateTime::toInstant);
  }

  static Tenant tenant(TenantRecord t) {
    return new Tenant(
        TenantId.of(t.getTenantId()),
        t.getName(),
        t.getClientSystemKind(),
        t.getClientSystemUrl(),
        BatchSizes.resolve(t.getDownloadBatchSize(), t.getUploadBatchSize()),
        t.getClientSystemCredential(),
        t.getEnabled());
  }

  private static long count(Record r, Table<?> counts, String name) {
    Integer value = r.get(counts.field(name, Integer.class));
    return value == null ? 0 : value;
  }

  private static Optional<CycleRecord> cycle(Record r) {
    OffsetDateTime at = r.get(TENANT_SYNC_STATE.LAST_CYCLE_AT);
    if (at == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CycleRecord(
            at.toInstant(),
            CycleOutcome.fromCode(r.get(TENANT_SYNC_STATE.LAST_OUTCOME)),
            Optional.ofNullable(r.get(TENANT_SYNC_STATE.LAST_ERROR)),
            r.get(TENANT_SYNC_STATE.READINGS_UPLOADED),
            r.get(TENANT_SYNC_STATE.READINGS_DOWNLOADED),
            r.get(TENANT_SYNC_STATE.CONSECUTIVE_FAILURES),
            instant(r.get(TENANT_SYNC_STATE.LAST_SUCCESSFUL_UPLOAD_AT)),
            instant(r.get(TENANT_SYNC_STATE.LAST_SUCCESSFUL_DOWNLOAD_AT))));
  }

  private static OffsetDateTime utc(Optional<Instant> at) {
    return at.map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null);
  }

  private static <T> T run(String what, Supplier<T> statement) {
    try {
      return statement.get();
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(what + " failed: " + e.getMessage(), e);
    }
  }
}
