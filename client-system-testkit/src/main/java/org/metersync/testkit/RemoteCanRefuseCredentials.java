package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.testkit.ContractChecks.assertNamesTenant;
import static org.metersync.testkit.ContractChecks.fetchFails;
import static org.metersync.testkit.ContractChecks.uploadFailsHoldingNothing;

import org.junit.jupiter.api.Test;
import org.metersync.spi.ClientSystemRejectedException;

/**
 * Checks for a remote that can refuse the tenant's credentials: the call is rejected as an
 * authentication failure naming the tenant and changes nothing. Implemented by a kind's contract
 * test whose remote is a {@link ContractRemote.CanRefuseCredentials}.
 */
public interface RemoteCanRefuseCredentials extends RemoteCapability {

  @Override
  ContractRemote.CanRefuseCredentials remote();

  @Test
  default void fetchReadings_credentialsRefused_rejectedAsAuthenticationNamingTenant() {
    ClientSystemRejectedException e =
        fetchFails(
            this, remote()::refuseCredentialsInNextCall, ClientSystemRejectedException.class);

    assertTrue(e.isAuthentication());
    assertFalse(e.isTransient());
    assertNamesTenant(remote(), e);
  }

  @Test
  default void upload_credentialsRefused_rejectedAsAuthenticationAndNothingHeld() {
    ClientSystemRejectedException e =
        uploadFailsHoldingNothing(
            this, remote()::refuseCredentialsInNextCall, ClientSystemRejectedException.class);

    assertTrue(e.isAuthentication());
    assertNamesTenant(remote(), e);
  }

  @Test
  default void checkReachable_credentialsRefused_rejectedAsAuthentication() {
    remote().refuseCredentialsInNextCall();

    ClientSystemRejectedException e =
        assertThrows(ClientSystemRejectedException.class, api()::checkReachable);
    assertTrue(e.isAuthentication());
  }
}
