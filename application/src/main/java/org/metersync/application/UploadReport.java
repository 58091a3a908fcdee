package org.metersync.application;

import java.util.Optional;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.ClientSystemException;

/**
 * What one upload pass did.
 *
 * @param accepted readings the client system stored now
 * @param alreadyPresent readings the client system held already (sent before, outcome unknown)
 * @param synchronizedCount readings marked synchronized: accepted or already present, less any
 *     edited between read and mark
 * @param retried readings rejected (or left without a verdict) that stay pending
 * @param failed readings rejected on their last allowed attempt
 * @param rejectedBatches batches the client system turned down for one reason ({@link
 *     org.metersync.domain.SystematicRejection})
 * @param failure why the pass stopped early, if a batch failed as a whole
 */
public record UploadReport(
    int batchSize,
    int batches,
    int readings,
    int accepted,
    int alreadyPresent,
    int synchronizedCount,
    int retried,
    int failed,
    int rejectedBatches,
    Optional<ClientSystemException> failure) {

  static final class Builder {
    private final int batchSize;
    private int batches;
    private int readings;
    private int accepted;
    private int alreadyPresent;
    private int synchronizedCount;
    private int retried;
    private int failed;
    private int rejectedBatches;
    private ClientSystemException failure;

    Builder(int batchSize) {
      this.batchSize = batchSize;
    }

    void add(UploadOutcome outcome, int marked, boolean rejectedForOneReason) {
      batches++;
      readings += outcome.size();
      accepted += outcome.acceptedCount();
      alreadyPresent += outcome.alreadyPresent().size();
      synchronizedCount += marked;
      retried += outcome.retry().size();
      failed += outcome.failed().size();
      rejectedBatches += rejectedForOneReason ? 1 : 0;
    }

    void failure(ClientSystemException e) {
      failure = e;
    }

    int batches() {
      return batches;
    }

    UploadReport build() {
      return new UploadReport(
          batchSize,
          batches,
          readings,
          accepted,
          alreadyPresent,
          synchronizedCount,
          retried,
          failed,
          rejectedBatches,
          Optional.ofNullable(failure));
    }
  }
}
