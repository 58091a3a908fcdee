package org.metersync.testkit;

import static org.metersync.testkit.ContractChecks.uploadFailsThenResendHeldOnce;

import org.junit.jupiter.api.Test;
import org.metersync.spi.ClientSystemMalformedAnswerException;

/**
 * Checks for a remote that can apply an upload and leave a reading's verdict out of its answer: the
 * upload fails as a malformed answer and a re-send leaves one copy of each reading. Implemented by
 * a kind's contract test whose remote is a {@link ContractRemote.CanOmitVerdicts}.
 */
public interface RemoteCanOmitVerdicts extends RemoteCapability {

  @Override
  ContractRemote.CanOmitVerdicts remote();

  @Test
  default void upload_verdictMissing_malformedThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(
        this,
        remote()::omitAVerdictFromNextUploadAnswer,
        ClientSystemMalformedAnswerException.class);
  }
}
