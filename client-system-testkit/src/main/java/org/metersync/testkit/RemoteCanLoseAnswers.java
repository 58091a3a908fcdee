package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.metersync.testkit.ContractChecks.assertAllHeld;
import static org.metersync.testkit.ContractChecks.assertHeldOnce;
import static org.metersync.testkit.ContractChecks.uploadFailsThenResendHeldOnce;
import static org.metersync.testkit.ContractReadings.edited;
import static org.metersync.testkit.ContractReadings.readings;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemUnavailableException;

/**
 * Checks for a remote that can apply an upload whose answer never arrives: the upload fails as
 * unavailable, and a re-send, even of edited readings, leaves one copy of each with the newest
 * data. Implemented by a kind's contract test whose remote is a {@link
 * ContractRemote.CanLoseAnswers}.
 */
public interface RemoteCanLoseAnswers extends RemoteCapability {

  @Override
  ContractRemote.CanLoseAnswers remote();

  @Test
  default void upload_answerLost_unavailableThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(
        this, remote()::loseNextUploadAnswer, ClientSystemUnavailableException.class);
  }

  @Test
  default void upload_answerLostThenReadingEdited_resendHoldsTheNewData() {
    List<MeterReading> batch = readings(3);
    remote().loseNextUploadAnswer();
    assertThrows(ClientSystemUnavailableException.class, () -> api().upload(batch));
    List<MeterReading> edited = List.of(batch.get(0), edited(batch.get(1)), batch.get(2));

    Map<ReadingId, UploadVerdict> verdicts = api().upload(edited);

    assertAllHeld(edited, verdicts);
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    assertHeldOnce(remote(), edited);
  }
}
