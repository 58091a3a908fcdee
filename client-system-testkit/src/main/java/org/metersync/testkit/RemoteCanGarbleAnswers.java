package org.metersync.testkit;

import static org.metersync.testkit.ContractChecks.fetchFails;
import static org.metersync.testkit.ContractChecks.uploadFailsThenResendHeldOnce;

import org.junit.jupiter.api.Test;
import org.metersync.spi.ClientSystemMalformedAnswerException;

/**
 * Checks for a remote that can answer in a form the kind cannot read: the call fails as a malformed
 * answer, a download's cursor still gives its page and a re-sent upload leaves one copy.
 * Implemented by a kind's contract test whose remote is a {@link ContractRemote.CanGarbleAnswers}.
 */
public interface RemoteCanGarbleAnswers extends RemoteCapability {

  @Override
  ContractRemote.CanGarbleAnswers remote();

  @Test
  default void fetchReadings_garbledAnswer_malformedAndCursorStillGood() {
    fetchFails(this, remote()::garbleNextAnswer, ClientSystemMalformedAnswerException.class);
  }

  @Test
  default void upload_garbledAnswer_malformedThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(
        this, remote()::garbleNextAnswer, ClientSystemMalformedAnswerException.class);
  }
}
