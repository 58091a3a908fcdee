package org.metersync.application.port;

import java.util.List;
import org.metersync.domain.PendingReading;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadHorizon;

/**
 * The readings waiting for upload, as the upload reads and marks them. Every call is scoped to one
 * tenant; failures surface as {@link SyncDatabaseException}.
 */
public interface UploadBacklog {

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
  default int markReadingsAsSynchronized(List<PendingReading> readings, TenantId tenantId) {
    return markReadingsAsSynchronized(readings, tenantId, Fence.none());
  }

  /**
   * As {@link #markReadingsAsSynchronized(List, TenantId)}, applied only while {@code fence} holds,
   * checked in the same statement.
   *
   * @throws LeaseLostException if it does not hold; nothing was marked
   */
  int markReadingsAsSynchronized(List<PendingReading> readings, TenantId tenantId, Fence fence);

  /**
   * The tenant's upload horizon: pending readings at or below it are in doubt (decision 0012).
   * {@link UploadHorizon#NONE} before its first upload.
   */
  UploadHorizon uploadHorizon(TenantId tenantId);

  /**
   * Raises the tenant's upload horizon to at least {@code horizon}, durably before it returns, and
   * only while {@code fence} holds, checked in the same statement. The upload calls it before
   * sending any reading above the horizon, so a reading can never reach the client system without
   * being in doubt until its outcome is recorded.
   *
   * @throws LeaseLostException if {@code fence} does not hold; nothing was raised
   */
  void raiseUploadHorizon(TenantId tenantId, UploadHorizon horizon, Fence fence);
}
