package org.metersync.application;

import java.util.Optional;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.ClientSystemException;

/**
 * What one upload pass did.
 *
 * @param failure why the pass stopped early, if a batch failed as a whole
 */
public record UploadReport(
    int batchSize,
    int batches,
    int readings,
    int synchronizedCount,
    int retried,
    int failed,
    Optional<ClientSystemException> failure) {

  static final class Builder {
    private final int batchSize;
    private int batches;
    private int readings;
    private int synchronizedCount;
    private int retried;
    private int failed;
    private ClientSystemException failure;

    Builder(int batchSize) {
      this.batchSize = batchSize;
    }

    void add(UploadOutcome outcome, int marked) {
      batches++;
      readings += outcome.size();
      synchronizedCount += marked;
      retried += outcome.retry().size();
      failed += outcome.failed().size();
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
          synchronizedCount,
          retried,
          failed,
          Optional.ofNullable(failure));
    }
  }
}
