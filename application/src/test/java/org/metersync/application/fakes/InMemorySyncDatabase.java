package org.metersync.application.fakes;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.DownloadCursor;
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
 * The sync database's ports in memory, behaving like {@code JooqSyncDatabase}: rows keyed by tenant
 * and reading id, a backlog position that is never reused, version-guarded marks, all-or-nothing
 * transactions. Each statement the PostgreSQL adapter would run (a {@link Call}) is counted; a page
 * is stored as the adapter stores it, one insert per batch, the quarantine and the cursor in one
 * transaction. Tests can make the next call of a statement fail and run an action just before a
 * call (such as a local edit between read and mark).
 *
 * <p>Methods that are not statements (setup, inspection, scripting) are not counted.
 */
public final class InMemorySyncDatabase
    implements UploadBacklog,
        UploadAttempts,
        DownloadedPages,
        TenantConfigStore,
        StatementStatistics {

  private static final BigDecimal ONE = BigDecimal.ONE;

  /** The statements, for counting, failing and hooking calls. */
  public enum Call {
    FIND_TENANT,
    GET_TENANT_BATCH_CONFIG,
    UPDATE_BATCH_SIZES,
    GET_UNSYNCHRONIZED_READINGS,
    MARK_READINGS_AS_SYNCHRONIZED,
    RECORD_UPLOAD_ATTEMPTS,
    UPLOAD_HORIZON,
    RAISE_UPLOAD_HORIZON,
    INSERT_READINGS,
    QUARANTINE,
    GET_DOWNLOAD_CURSOR,
    SAVE_DOWNLOAD_CURSOR,
    IN_TRANSACTION
  }

  /** A tenant row with its batch sizes exactly as stored, possibly missing or invalid. */
  public record TenantRow(
      TenantId id,
      String name,
      String clientSystemKind,
      String clientSystemUrl,
      Integer downloadBatchSize,
      Integer uploadBatchSize) {
    public TenantRow {
      requireNonNull(id, "id");
      requireNonNull(name, "name");
      requireNonNull(clientSystemKind, "clientSystemKind");
    }
  }

  /** A {@code meter_reading} row. {@code isSynchronized} is derived from the status, as in SQL. */
  public record StoredReading(
      TenantId tenantId,
      MeterReading reading,
      long position,
      long version,
      SyncStatus status,
      int attempts,
      String lastError,
      ReadingOrigin origin) {

    public boolean isSynchronized() {
      return status == SyncStatus.SYNCHRONIZED;
    }

    public ReadingId id() {
      return reading.id();
    }

    PendingReading toPending() {
      return new PendingReading(reading, position, version, attempts);
    }

    StoredReading with(SyncStatus newStatus, int newAttempts, String newError) {
      return new StoredReading(
          tenantId, reading, position, version, newStatus, newAttempts, newError, origin);
    }
  }

  private record Key(TenantId tenantId, ReadingId readingId) {}

  /** Everything a transaction rolls back. Rows are immutable records, so copying maps suffices. */
  private static final class State {
    final Map<TenantId, TenantRow> tenants = new LinkedHashMap<>();
    final Map<Key, StoredReading> readings = new LinkedHashMap<>();
    final Map<TenantId, DownloadCursor> cursors = new HashMap<>();
    final Map<TenantId, List<MalformedReading>> quarantine = new HashMap<>();

    State copy() {
      State copy = new State();
      copy.tenants.putAll(tenants);
      copy.readings.putAll(readings);
      copy.cursors.putAll(cursors);
      quarantine.forEach((tenant, rows) -> copy.quarantine.put(tenant, new ArrayList<>(rows)));
      return copy;
    }
  }

  private State state = new State();
  // Raised outside transactions, as the adapter's own statement.
  private final Map<TenantId, UploadHorizon> horizons = new HashMap<>();
  // Like a PostgreSQL identity: not rolled back with a transaction, so positions are never reused.
  private long nextPosition = 1;
  private int openTransactions;
  private int committed;
  private int rolledBack;
  private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
  private final Map<TenantId, Long> statementsByTenant = new HashMap<>();
  private final Map<Call, List<SyncDatabaseException>> failures = new EnumMap<>(Call.class);
  private final Map<Call, List<Integer>> failAt = new EnumMap<>(Call.class);
  private final Map<Call, List<Runnable>> hooks = new EnumMap<>(Call.class);
  private final List<Integer> readLimits = new ArrayList<>();
  private final List<Integer> insertSizes = new ArrayList<>();
  private final List<Integer> markSizes = new ArrayList<>();
  private final Transaction transactionView = new Transaction();
  private final InMemoryTenantLeases leases = new InMemoryTenantLeases();

  // ---- setup -------------------------------------------------------------------------------

  /** Adds a tenant with the schema's default batch sizes (1000/100). */
  public synchronized InMemorySyncDatabase addTenant(TenantId tenantId) {
    return addTenant(tenantId, BatchSizes.DEFAULT_DOWNLOAD, BatchSizes.DEFAULT_UPLOAD);
  }

  /** Adds a tenant with batch sizes as stored; null or out-of-range values are allowed here. */
  public synchronized InMemorySyncDatabase addTenant(
      TenantId tenantId, Integer downloadBatchSize, Integer uploadBatchSize) {
    return addTenant(
        new TenantRow(
            tenantId,
            "Tenant " + tenantId,
            "fake",
            "http://client.invalid/" + tenantId,
            downloadBatchSize,
            uploadBatchSize));
  }

  public synchronized InMemorySyncDatabase addTenant(TenantRow row) {
    state.tenants.put(row.id(), row);
    return this;
  }

  /**
   * Overwrites a tenant's stored batch sizes, as an operator's SQL would (no cache invalidation).
   */
  public synchronized void setStoredBatchSizes(
      TenantId tenantId, Integer downloadBatchSize, Integer uploadBatchSize) {
    TenantRow row = existingTenant(tenantId);
    state.tenants.put(
        tenantId,
        new TenantRow(
            row.id(),
            row.name(),
            row.clientSystemKind(),
            row.clientSystemUrl(),
            downloadBatchSize,
            uploadBatchSize));
  }

  /** Stores a reading taken locally: pending, version 1, no attempts, at the end of the backlog. */
  public synchronized StoredReading addLocalReading(TenantId tenantId, MeterReading reading) {
    existingTenant(tenantId);
    Key key = new Key(tenantId, reading.id());
    if (state.readings.containsKey(key)) {
      throw new IllegalArgumentException("tenant " + tenantId + " already has " + reading.id());
    }
    StoredReading row =
        new StoredReading(
            tenantId, reading, nextPosition++, 1, SyncStatus.PENDING, 0, null, ReadingOrigin.LOCAL);
    state.readings.put(key, row);
    return row;
  }

  public synchronized List<StoredReading> addLocalReadings(
      TenantId tenantId, List<MeterReading> readings) {
    return readings.stream().map(r -> addLocalReading(tenantId, r)).toList();
  }

  /**
   * Edits a reading locally as the field application would: a change of its data bumps the version
   * and makes it pending again with no attempts (the schema's trigger does the same).
   */
  public synchronized StoredReading editReading(
      TenantId tenantId, ReadingId readingId, UnaryOperator<MeterReading> edit) {
    Key key = new Key(tenantId, readingId);
    StoredReading old = requireNonNull(state.readings.get(key), () -> "no reading " + key);
    MeterReading edited = edit.apply(old.reading());
    if (!edited.id().equals(readingId)) {
      throw new IllegalArgumentException("an edit must keep the reading id " + readingId);
    }
    if (edited.equals(old.reading())) {
      return old;
    }
    StoredReading row =
        new StoredReading(
            tenantId,
            edited,
            old.position(),
            old.version() + 1,
            SyncStatus.PENDING,
            0,
            null,
            old.origin());
    state.readings.put(key, row);
    return row;
  }

  /** Edits a reading's value by adding one: the simplest local correction. */
  public synchronized StoredReading editReading(TenantId tenantId, ReadingId readingId) {
    return editReading(
        tenantId,
        readingId,
        r -> new MeterReading(r.id(), r.meterId(), r.takenAt(), r.value().add(ONE), r.unit()));
  }

  // ---- scripting ---------------------------------------------------------------------------

  /**
   * Makes the next call of {@code call} throw a {@link SyncDatabaseException}, changing nothing.
   */
  public synchronized void failNext(Call call) {
    failNext(call, new SyncDatabaseException("injected failure of " + call, null));
  }

  /** Queues {@code failure} for the next call of {@code call}; several queue up in order. */
  public synchronized void failNext(Call call, SyncDatabaseException failure) {
    failures.computeIfAbsent(call, c -> new ArrayList<>()).add(requireNonNull(failure));
  }

  /**
   * Lets {@code successfulCalls} more calls of {@code call} through, then fails the one after with
   * a {@link SyncDatabaseException}, changing nothing (for "the second page's transaction fails").
   */
  public synchronized void failAfter(Call call, int successfulCalls) {
    if (successfulCalls < 0) {
      throw new IllegalArgumentException(
          "successfulCalls must not be negative: " + successfulCalls);
    }
    failAt.computeIfAbsent(call, c -> new ArrayList<>()).add(calls(call) + successfulCalls + 1);
  }

  /** Runs {@code action} once, just before the next call of {@code call} does anything. */
  public synchronized void beforeNext(Call call, Runnable action) {
    hooks.computeIfAbsent(call, c -> new ArrayList<>()).add(requireNonNull(action));
  }

  // ---- inspection --------------------------------------------------------------------------

  public synchronized Optional<StoredReading> reading(TenantId tenantId, ReadingId readingId) {
    return Optional.ofNullable(state.readings.get(new Key(tenantId, readingId)));
  }

  /** The tenant's readings in backlog order. */
  public synchronized List<StoredReading> readings(TenantId tenantId) {
    return state.readings.values().stream()
        .filter(r -> r.tenantId().equals(tenantId))
        .sorted(Comparator.comparingLong(StoredReading::position))
        .toList();
  }

  public synchronized List<StoredReading> readings(TenantId tenantId, SyncStatus status) {
    return readings(tenantId).stream().filter(r -> r.status() == status).toList();
  }

  public synchronized List<MalformedReading> quarantined(TenantId tenantId) {
    return List.copyOf(state.quarantine.getOrDefault(tenantId, List.of()));
  }

  /** The stored cursor, without counting a call. */
  public synchronized Optional<String> storedCursor(TenantId tenantId) {
    return Optional.ofNullable(state.cursors.get(tenantId)).map(DownloadCursor::value);
  }

  /** The stored cursor with its source, without counting a call. */
  public synchronized Optional<DownloadCursor> storedDownloadCursor(TenantId tenantId) {
    return Optional.ofNullable(state.cursors.get(tenantId));
  }

  public synchronized Optional<TenantRow> tenantRow(TenantId tenantId) {
    return Optional.ofNullable(state.tenants.get(tenantId));
  }

  /** How many times the port method was called (failed calls included), all tenants together. */
  public synchronized int calls(Call call) {
    return calls.getOrDefault(call, 0);
  }

  /** Port calls other than {@code inTransaction}, all tenants together. */
  public synchronized int statements() {
    return calls.entrySet().stream()
        .filter(e -> e.getKey() != Call.IN_TRANSACTION)
        .mapToInt(Map.Entry::getValue)
        .sum();
  }

  @Override
  public synchronized long statements(TenantId tenantId) {
    return statementsByTenant.getOrDefault(tenantId, 0L);
  }

  /** The {@code limit} of every {@code getUnsynchronizedReadings} call, in order. */
  public synchronized List<Integer> readLimits() {
    return List.copyOf(readLimits);
  }

  /** The number of readings passed to every {@code insertReadings} call, in order. */
  public synchronized List<Integer> insertSizes() {
    return List.copyOf(insertSizes);
  }

  /** The number of readings passed to every {@code markReadingsAsSynchronized} call, in order. */
  public synchronized List<Integer> markSizes() {
    return List.copyOf(markSizes);
  }

  public synchronized int transactionsCommitted() {
    return committed;
  }

  public synchronized int transactionsRolledBack() {
    return rolledBack;
  }

  /** Forgets counts and recorded sizes (not the data), e.g. after setting a scenario up. */
  public synchronized void resetCounts() {
    calls.clear();
    statementsByTenant.clear();
    readLimits.clear();
    insertSizes.clear();
    markSizes.clear();
    committed = 0;
    rolledBack = 0;
  }

  // ---- the ports ---------------------------------------------------------------------------

  @Override
  public synchronized Optional<Tenant> findTenant(TenantId tenantId) {
    outside(Call.FIND_TENANT, tenantId);
    return doFindTenant(tenantId);
  }

  @Override
  public synchronized TenantBatchConfig getTenantBatchConfig(TenantId tenantId) {
    outside(Call.GET_TENANT_BATCH_CONFIG, tenantId);
    return doGetTenantBatchConfig(tenantId);
  }

  @Override
  public synchronized void updateBatchSizes(TenantId tenantId, BatchSizes sizes) {
    outside(Call.UPDATE_BATCH_SIZES, tenantId);
    doUpdateBatchSizes(tenantId, sizes);
  }

  @Override
  public synchronized List<PendingReading> getUnsynchronizedReadings(
      TenantId tenantId, long afterPosition, int limit) {
    outside(Call.GET_UNSYNCHRONIZED_READINGS, tenantId);
    return doGetUnsynchronizedReadings(tenantId, afterPosition, limit);
  }

  @Override
  public synchronized int markReadingsAsSynchronized(
      List<PendingReading> readings, TenantId tenantId, Fence fence) {
    outside(Call.MARK_READINGS_AS_SYNCHRONIZED, tenantId);
    requireFence(tenantId, fence, "batch not marked");
    return doMark(readings, tenantId);
  }

  @Override
  public synchronized int recordUploadAttempts(
      TenantId tenantId,
      List<UploadOutcome.Retry> retry,
      List<UploadOutcome.Failed> failed,
      Fence fence) {
    outside(Call.RECORD_UPLOAD_ATTEMPTS, tenantId);
    requireFence(tenantId, fence, "attempts not recorded");
    return doRecordUploadAttempts(tenantId, retry, failed);
  }

  @Override
  public synchronized UploadHorizon uploadHorizon(TenantId tenantId) {
    outside(Call.UPLOAD_HORIZON, tenantId);
    return horizons.getOrDefault(tenantId, UploadHorizon.NONE);
  }

  @Override
  public synchronized void raiseUploadHorizon(
      TenantId tenantId, UploadHorizon horizon, Fence fence) {
    outside(Call.RAISE_UPLOAD_HORIZON, tenantId);
    requireFence(tenantId, fence, "nothing sent");
    horizons.merge(tenantId, horizon, (a, b) -> a.sentThrough() >= b.sentThrough() ? a : b);
  }

  /** The leases fenced writes are checked against. */
  public InMemoryTenantLeases leases() {
    return leases;
  }

  /** As the adapter's fence: checked within the write, which then applies nothing. */
  private void requireFence(TenantId tenantId, Fence fence, String what) {
    if (!leases.holds(tenantId, fence)) {
      throw new LeaseLostException(tenantId, fence + " no longer holds it; " + what);
    }
  }

  /**
   * One of the statements {@link #storePage} runs; callable alone, as on the PostgreSQL adapter.
   */
  public synchronized int insertReadings(TenantId tenantId, List<MeterReading> readings) {
    outside(Call.INSERT_READINGS, tenantId);
    return doInsertReadings(tenantId, readings);
  }

  /** One of the statements {@link #storePage} runs. */
  public synchronized void quarantine(TenantId tenantId, List<MalformedReading> readings) {
    outside(Call.QUARANTINE, tenantId);
    doQuarantine(tenantId, readings);
  }

  @Override
  public synchronized Optional<DownloadCursor> downloadCursor(TenantId tenantId) {
    outside(Call.GET_DOWNLOAD_CURSOR, tenantId);
    return Optional.ofNullable(state.cursors.get(tenantId));
  }

  /** The stored cursor's value, whatever client system wrote it. */
  public synchronized Optional<String> getDownloadCursor(TenantId tenantId) {
    return downloadCursor(tenantId).map(DownloadCursor::value);
  }

  /** One of the statements {@link #storePage} runs. */
  public synchronized void saveDownloadCursor(TenantId tenantId, DownloadCursor cursor) {
    outside(Call.SAVE_DOWNLOAD_CURSOR, tenantId);
    doSaveDownloadCursor(tenantId, cursor);
  }

  /** A cursor stored without its source, as before sources were recorded. */
  public synchronized void saveDownloadCursor(TenantId tenantId, String cursor) {
    saveDownloadCursor(tenantId, new DownloadCursor(cursor, Optional.empty()));
  }

  @Override
  public synchronized int storePage(
      TenantId tenantId,
      List<List<MeterReading>> insertBatches,
      List<MalformedReading> malformed,
      DownloadCursor cursor,
      Fence fence) {
    return inTransaction(
        tx -> {
          requireFence(tenantId, fence, "page not stored");
          int inserted = 0;
          for (List<MeterReading> batch : insertBatches) {
            inserted += tx.insertReadings(tenantId, batch);
          }
          if (!malformed.isEmpty()) {
            tx.quarantine(tenantId, malformed);
          }
          tx.saveDownloadCursor(tenantId, cursor);
          return inserted;
        });
  }

  /** Runs {@code work} all or nothing, like a database transaction. */
  public synchronized <T> T inTransaction(Function<Transaction, T> work) {
    outside(Call.IN_TRANSACTION, null);
    return doInTransaction(work);
  }

  // ---- implementation ----------------------------------------------------------------------

  /** A call on this object itself: not allowed while a transaction is open on this thread. */
  private void outside(Call call, TenantId tenantId) {
    if (openTransactions > 0) {
      throw new IllegalStateException(
          call
              + " on the database itself inside inTransaction: use the database handed to the work");
    }
    enter(call, tenantId);
  }

  /** Counts the call, runs its hook, then throws its injected failure, if any. */
  private void enter(Call call, TenantId tenantId) {
    calls.merge(call, 1, Integer::sum);
    if (tenantId != null) {
      statementsByTenant.merge(tenantId, 1L, Long::sum);
    }
    List<Runnable> pending = hooks.getOrDefault(call, List.of());
    if (!pending.isEmpty()) {
      pending.remove(0).run();
    }
    List<SyncDatabaseException> queued = failures.getOrDefault(call, List.of());
    if (!queued.isEmpty()) {
      throw queued.remove(0);
    }
    List<Integer> failingCalls = failAt.get(call);
    if (failingCalls != null && failingCalls.remove(Integer.valueOf(calls(call)))) {
      throw new SyncDatabaseException("injected failure of " + call + " #" + calls(call), null);
    }
  }

  private Optional<Tenant> doFindTenant(TenantId tenantId) {
    return Optional.ofNullable(state.tenants.get(tenantId))
        .map(
            row ->
                new Tenant(
                    row.id(),
                    row.name(),
                    row.clientSystemKind(),
                    row.clientSystemUrl(),
                    BatchSizes.resolve(row.downloadBatchSize(), row.uploadBatchSize())));
  }

  private TenantBatchConfig doGetTenantBatchConfig(TenantId tenantId) {
    TenantRow row = state.tenants.get(tenantId);
    if (row == null) {
      throw new UnknownTenantException(tenantId);
    }
    return new TenantBatchConfig(row.downloadBatchSize(), row.uploadBatchSize());
  }

  private void doUpdateBatchSizes(TenantId tenantId, BatchSizes sizes) {
    if (!state.tenants.containsKey(tenantId)) {
      throw new UnknownTenantException(tenantId);
    }
    setStoredBatchSizes(tenantId, sizes.download(), sizes.upload());
  }

  private List<PendingReading> doGetUnsynchronizedReadings(
      TenantId tenantId, long afterPosition, int limit) {
    // Stricter than SQL (LIMIT 0 is legal there): asking for nothing is a bug in the caller.
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    readLimits.add(limit);
    return readings(tenantId).stream()
        .filter(r -> r.status() == SyncStatus.PENDING && r.position() > afterPosition)
        .limit(limit)
        .map(StoredReading::toPending)
        .toList();
  }

  private int doMark(List<PendingReading> readings, TenantId tenantId) {
    markSizes.add(readings.size());
    int marked = 0;
    for (PendingReading pending : readings) {
      StoredReading row = current(tenantId, pending);
      if (row != null) {
        state.readings.put(keyOf(row), row.with(SyncStatus.SYNCHRONIZED, row.attempts(), null));
        marked++;
      }
    }
    return marked;
  }

  private int doRecordUploadAttempts(
      TenantId tenantId, List<UploadOutcome.Retry> retry, List<UploadOutcome.Failed> failed) {
    int updated = 0;
    for (UploadOutcome.Retry r : retry) {
      updated += record(tenantId, r.reading(), SyncStatus.PENDING, r.attempts(), r.reason());
    }
    for (UploadOutcome.Failed f : failed) {
      updated += record(tenantId, f.reading(), SyncStatus.FAILED, f.attempts(), f.reason());
    }
    return updated;
  }

  private int record(
      TenantId tenantId, PendingReading pending, SyncStatus status, int attempts, String reason) {
    StoredReading row = current(tenantId, pending);
    if (row == null) {
      return 0;
    }
    state.readings.put(keyOf(row), row.with(status, attempts, reason));
    return 1;
  }

  /** The tenant's row for the reading if it still has the version it was read at, else null. */
  private StoredReading current(TenantId tenantId, PendingReading pending) {
    StoredReading row = state.readings.get(new Key(tenantId, pending.id()));
    return row != null && row.version() == pending.version() ? row : null;
  }

  private int doInsertReadings(TenantId tenantId, List<MeterReading> readings) {
    requireTenantRow(tenantId);
    insertSizes.add(readings.size());
    int inserted = 0;
    for (MeterReading reading : readings) {
      Key key = new Key(tenantId, reading.id());
      // ON CONFLICT DO NOTHING: an existing row, local edits included, is left as it is.
      if (!state.readings.containsKey(key)) {
        state.readings.put(
            key,
            new StoredReading(
                tenantId,
                reading,
                nextPosition++,
                1,
                SyncStatus.SYNCHRONIZED,
                0,
                null,
                ReadingOrigin.DOWNLOADED));
        inserted++;
      }
    }
    return inserted;
  }

  private void doQuarantine(TenantId tenantId, List<MalformedReading> readings) {
    requireTenantRow(tenantId);
    state.quarantine.computeIfAbsent(tenantId, t -> new ArrayList<>()).addAll(readings);
  }

  private void doSaveDownloadCursor(TenantId tenantId, DownloadCursor cursor) {
    requireNonNull(cursor, "cursor");
    requireTenantRow(tenantId);
    state.cursors.put(tenantId, cursor);
  }

  private <T> T doInTransaction(Function<Transaction, T> work) {
    State snapshot = state.copy();
    boolean outermost = openTransactions == 0;
    openTransactions++;
    try {
      T result = work.apply(transactionView);
      committed += outermost ? 1 : 0;
      return result;
    } catch (RuntimeException | Error e) {
      state = snapshot;
      rolledBack += outermost ? 1 : 0;
      throw e;
    } finally {
      openTransactions--;
    }
  }

  /** A missing tenant row is a foreign key violation in PostgreSQL. */
  private void requireTenantRow(TenantId tenantId) {
    if (!state.tenants.containsKey(tenantId)) {
      throw new SyncDatabaseException("foreign key violation: no tenant '" + tenantId + "'", null);
    }
  }

  private TenantRow existingTenant(TenantId tenantId) {
    return Optional.ofNullable(state.tenants.get(tenantId))
        .orElseThrow(() -> new UnknownTenantException(tenantId));
  }

  private static Key keyOf(StoredReading row) {
    return new Key(row.tenantId(), row.id());
  }

  /** The database handed to transactional work: the same data, usable only inside it. */
  public final class Transaction {

    private Transaction() {}

    public Optional<Tenant> findTenant(TenantId tenantId) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.FIND_TENANT, tenantId);
        return doFindTenant(tenantId);
      }
    }

    public TenantBatchConfig getTenantBatchConfig(TenantId tenantId) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.GET_TENANT_BATCH_CONFIG, tenantId);
        return doGetTenantBatchConfig(tenantId);
      }
    }

    public void updateBatchSizes(TenantId tenantId, BatchSizes sizes) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.UPDATE_BATCH_SIZES, tenantId);
        doUpdateBatchSizes(tenantId, sizes);
      }
    }

    public List<PendingReading> getUnsynchronizedReadings(
        TenantId tenantId, long afterPosition, int limit) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.GET_UNSYNCHRONIZED_READINGS, tenantId);
        return doGetUnsynchronizedReadings(tenantId, afterPosition, limit);
      }
    }

    public int markReadingsAsSynchronized(List<PendingReading> readings, TenantId tenantId) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.MARK_READINGS_AS_SYNCHRONIZED, tenantId);
        return doMark(readings, tenantId);
      }
    }

    public int recordUploadAttempts(
        TenantId tenantId, List<UploadOutcome.Retry> retry, List<UploadOutcome.Failed> failed) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.RECORD_UPLOAD_ATTEMPTS, tenantId);
        return doRecordUploadAttempts(tenantId, retry, failed);
      }
    }

    public int insertReadings(TenantId tenantId, List<MeterReading> readings) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.INSERT_READINGS, tenantId);
        return doInsertReadings(tenantId, readings);
      }
    }

    public void quarantine(TenantId tenantId, List<MalformedReading> readings) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.QUARANTINE, tenantId);
        doQuarantine(tenantId, readings);
      }
    }

    public Optional<String> getDownloadCursor(TenantId tenantId) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.GET_DOWNLOAD_CURSOR, tenantId);
        return Optional.ofNullable(state.cursors.get(tenantId)).map(DownloadCursor::value);
      }
    }

    public void saveDownloadCursor(TenantId tenantId, DownloadCursor cursor) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.SAVE_DOWNLOAD_CURSOR, tenantId);
        doSaveDownloadCursor(tenantId, cursor);
      }
    }

    /** A cursor stored without its source. */
    public void saveDownloadCursor(TenantId tenantId, String cursor) {
      saveDownloadCursor(tenantId, new DownloadCursor(cursor, Optional.empty()));
    }

    /** Nested work joins the open transaction with a savepoint: it rolls back on its own. */
    public <T> T inTransaction(Function<Transaction, T> work) {
      synchronized (InMemorySyncDatabase.this) {
        inside(Call.IN_TRANSACTION, null);
        return doInTransaction(work);
      }
    }

    private void inside(Call call, TenantId tenantId) {
      if (openTransactions == 0) {
        throw new IllegalStateException(call + " on a transaction's database after it ended");
      }
      enter(call, tenantId);
    }
  }
}
