package org.metersync.application.port;

import java.util.List;
import java.util.Optional;
import org.metersync.domain.DownloadCursor;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;
import org.metersync.spi.MalformedReading;

/**
 * Where the download stores what it fetched: each page with the cursor after it, and the readings
 * that could not be taken. Failures surface as {@link SyncDatabaseException}.
 */
public interface DownloadedPages {

  /**
   * Where the next download for this tenant starts, with the client system it was written for, or
   * empty before the first one.
   */
  Optional<DownloadCursor> downloadCursor(TenantId tenantId);

  /**
   * Why this database cannot store a downloaded reading as it is (a character or a range its types
   * do not hold), or empty if it can. Such a reading is kept aside like a malformed one, so that it
   * cannot make the insert of its whole page fail on every cycle.
   */
  default Optional<String> unstorableReason(MeterReading reading) {
    return Optional.empty();
  }

  /**
   * Stores one page in one transaction, all or nothing: each of {@code insertBatches} in one
   * statement (synchronized, of origin "downloaded"; a reading the tenant already has is left as it
   * is), the {@code malformed} readings kept with their reasons, and {@code cursor} with its source
   * as where the next download starts.
   *
   * @return how many readings were inserted
   */
  default int storePage(
      TenantId tenantId,
      List<List<MeterReading>> insertBatches,
      List<MalformedReading> malformed,
      DownloadCursor cursor) {
    return storePage(tenantId, insertBatches, malformed, cursor, Fence.none());
  }

  /**
   * As {@link #storePage(TenantId, List, List, DownloadCursor)}, committed only while {@code fence}
   * holds, checked in the same transaction.
   *
   * @throws LeaseLostException if it does not hold; nothing was stored
   */
  int storePage(
      TenantId tenantId,
      List<List<MeterReading>> insertBatches,
      List<MalformedReading> malformed,
      DownloadCursor cursor,
      Fence fence);
}
