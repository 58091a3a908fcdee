package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.metersync.testkit.ContractChecks.fetchFails;
import static org.metersync.testkit.ContractChecks.uploadFailsHoldingNothing;

import org.junit.jupiter.api.Test;
import org.metersync.spi.ClientSystemRejectedException;

/**
 * Checks for a remote that can refuse a call for good (not the credentials): the call is rejected
 * permanently and changes nothing. Implemented by a kind's contract test whose remote is a {@link
 * ContractRemote.CanRefuseCalls}.
 */
public interface RemoteCanRefuseCalls extends RemoteCapability {

  @Override
  ContractRemote.CanRefuseCalls remote();

  @Test
  default void fetchReadings_remoteRefuses_rejectedPermanentlyAndCursorStillGood() {
    ClientSystemRejectedException e =
        fetchFails(this, remote()::refuseNextCall, ClientSystemRejectedException.class);

    assertFalse(e.isTransient());
    assertFalse(e.isAuthentication());
  }

  @Test
  default void upload_remoteRefuses_rejectedPermanentlyAndNothingHeld() {
    ClientSystemRejectedException e =
        uploadFailsHoldingNothing(
            this, remote()::refuseNextCall, ClientSystemRejectedException.class);

    assertFalse(e.isTransient());
    assertFalse(e.isAuthentication());
  }
}
