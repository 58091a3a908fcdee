package org.metersync.application.port;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.MeterReading;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.MalformedReading;

/**
 * The local sync database. Every call is scoped to one tenant and touches no other tenant's rows.
 * Failures surface as {@link SyncDatabaseException}; a failed call leaves nothing half-written.
 */
public interface SyncDatabase {

  /** The tenant's row, or empty if there is none. */
  Optional<Tenant> findTenant(TenantId tenantId);

  /**
   * The batch sizes as stored (seed: {@code getTenantBatchConfig}).
   *
   * @throws UnknownTenantException if there is no such tenant
   */
  TenantBatchConfig getTenantBatchConfig(TenantId tenantId);

  /**
   * Stores new batch sizes for a tenant.
   *
   * @throws UnknownTenantException if there is no such tenant
   */
  void updateBatchSizes(TenantId tenantId, BatchSizes sizes);

  /** The oldest pending readings of the tenant, at most {@code limit}, oldest first. */
  default List<PendingReading> getUnsynchronizedReadings(TenantId tenantId, int limit) {
    return getUnsynchronizedReadings(tenantId, Long.MIN_VALUE, limit);
  }

  /**
   * The oldest pending readings of the tenant whose backlog position is after {@code
   * afterPosition}, at most {@code limit}, oldest first. One statement.
   */
  List<PendingReading> getUnsynchronizedReadings(TenantId tenantId, long afterPosition, int limit);

  /**
   * Marks the readings synchronized ({@code is_synchronized} and {@code sync_status} together) in
   * one statement, each only if its row still has the version it was read at. The readings are
   * those {@link #getUnsynchronizedReadings} returned: an adapter may find their rows by backlog
   * position. Returns how many rows were marked; a reading edited meanwhile is left pending.
   */
  int markReadingsAsSynchronized(List<PendingReading> readings, TenantId tenantId);

  /**
   * Records rejected attempts in one statement: {@code retry} readings stay pending with their
   * attempt count and reason, {@code failed} ones become failed. Version-guarded like the mark.
   */
  int recordUploadAttempts(
      TenantId tenantId, List<UploadOutcome.Retry> retry, List<UploadOutcome.Failed> failed);

  /**
   * Inserts downloaded readings, synchronized and of origin "downloaded", in one statement. A
   * reading the tenant already has is left as it is. Returns how many were inserted.
   */
  int insertReadings(TenantId tenantId, List<MeterReading> readings);

  /**
   * Why this database cannot store a downloaded reading as it is (a character or a range its types
   * do not hold), or empty if it can. Such a reading is kept aside like a malformed one, so that it
   * cannot make the insert of its whole page fail on every cycle.
   */
  default Optional<String> unstorableReason(MeterReading reading) {
    return Optional.empty();
  }

  /** Keeps readings the client system sent that could not be taken, with the reason. */
  void quarantine(TenantId tenantId, List<MalformedReading> readings);

  /** Where the next download for this tenant starts, or empty before the first one. */
  Optional<String> getDownloadCursor(TenantId tenantId);

  /** Stores where the next download starts. */
  void saveDownloadCursor(TenantId tenantId, String cursor);

  /**
   * Runs {@code work} in one transaction: all of it is committed, or none of it. The database
   * handed to {@code work} must be used instead of this one inside it.
   */
  <T> T inTransaction(Function<SyncDatabase, T> work);
}
