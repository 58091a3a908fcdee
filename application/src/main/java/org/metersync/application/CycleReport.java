package org.metersync.application;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemException;

/**
 * What one tenant's cycle did.
 *
 * @param download null if the cycle stopped before its download
 */
public record CycleReport(
    TenantId tenantId,
    BatchSizes batchSizes,
    TenantCache.Source batchSizeSource,
    UploadReport upload,
    DownloadReport download,
    long sqlStatements,
    Duration duration) {

  public int batches() {
    return upload.batches() + (download == null ? 0 : download.batches());
  }

  public int readings() {
    return upload.readings() + (download == null ? 0 : download.received());
  }

  /** The first client system failure of the cycle, if any. */
  public Optional<ClientSystemException> failure() {
    if (upload.failure().isPresent()) {
      return upload.failure();
    }
    return download == null ? Optional.empty() : download.failure();
  }

  /** Every client system failure of the cycle: the upload's, then the download's. */
  public List<ClientSystemException> failures() {
    List<ClientSystemException> failures = new ArrayList<>(2);
    upload.failure().ifPresent(failures::add);
    if (download != null) {
      download.failure().ifPresent(failures::add);
    }
    return failures;
  }

  /** Whether the upload pass finished without a failure. */
  public boolean uploadSucceeded() {
    return upload.failure().isEmpty();
  }

  /** Whether the cycle got to download and the download finished without a failure. */
  public boolean downloadSucceeded() {
    return download != null && download.failure().isEmpty();
  }

  public boolean succeeded() {
    return failure().isEmpty();
  }

  /** {@link CycleOutcome#OK} or {@link CycleOutcome#FAILED}. */
  public CycleOutcome outcome() {
    return succeeded() ? CycleOutcome.OK : CycleOutcome.FAILED;
  }
}
