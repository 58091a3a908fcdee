package org.metersync.application.port;

import java.util.List;
import java.util.Optional;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

/** What operators change besides batch sizes: failed readings and download cursors. */
public interface OperatorCommands {

  /**
   * Makes failed readings pending again with their attempts reset, so the next cycle uploads them.
   *
   * @param readingIds the readings to re-queue, or empty for all of the tenant's failed readings
   * @return how many were re-queued
   */
  int requeueFailed(TenantId tenantId, Optional<List<ReadingId>> readingIds);

  /**
   * Forgets where the tenant's downloads stand, so the next download starts from the client
   * system's beginning; readings already stored are not inserted again.
   *
   * @return whether there was a cursor to forget
   */
  boolean resetDownloadCursor(TenantId tenantId);
}
