package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.metersync.testkit.ContractChecks.fetchFails;
import static org.metersync.testkit.ContractChecks.uploadFailsHoldingNothing;

import org.junit.jupiter.api.Test;
import org.metersync.spi.ClientSystemUnavailableException;

/**
 * Checks for a remote that can be unreachable or busy: each call then fails as unavailable and
 * changes nothing. Implemented by a kind's contract test whose remote is a {@link
 * ContractRemote.CanBeUnavailable}.
 */
public interface RemoteCanBeUnavailable extends RemoteCapability {

  @Override
  ContractRemote.CanBeUnavailable remote();

  @Test
  default void fetchReadings_remoteUnavailable_unavailableAndCursorStillGood() {
    fetchFails(this, remote()::beUnavailableForNextCall, ClientSystemUnavailableException.class);
  }

  @Test
  default void upload_remoteUnavailable_unavailableAndNothingHeld() {
    uploadFailsHoldingNothing(
        this, remote()::beUnavailableForNextCall, ClientSystemUnavailableException.class);
  }

  @Test
  default void checkReachable_remoteUnavailable_unavailable() {
    remote().beUnavailableForNextCall();

    assertThrows(ClientSystemUnavailableException.class, api()::checkReachable);
  }
}
