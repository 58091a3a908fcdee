package org.metersync.application.port;

import java.util.List;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/** Where the upload records the readings a client system rejected. */
public interface UploadAttempts {

  /**
   * Records rejected attempts in one statement: {@code retry} readings stay pending with their
   * attempt count and reason, {@code failed} ones become failed. Each only if its row still has the
   * version it was read at, like {@link UploadBacklog#markReadingsAsSynchronized}.
   */
  default int recordUploadAttempts(
      TenantId tenantId, List<UploadOutcome.Retry> retry, List<UploadOutcome.Failed> failed) {
    return recordUploadAttempts(tenantId, retry, failed, Fence.none());
  }

  /**
   * As {@link #recordUploadAttempts(TenantId, List, List)}, applied only while {@code fence} holds,
   * checked in the same statement.
   *
   * @throws LeaseLostException if it does not hold; nothing was recorded
   */
  int recordUploadAttempts(
      TenantId tenantId,
      List<UploadOutcome.Retry> retry,
      List<UploadOutcome.Failed> failed,
      Fence fence);
}
