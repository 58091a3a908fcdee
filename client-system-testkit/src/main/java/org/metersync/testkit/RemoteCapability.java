package org.metersync.testkit;

import org.metersync.spi.ClientSystemApi;

/**
 * A group of contract checks that needs the remote to do something wrong, as a JUnit 5 test
 * interface: a kind's test that extends {@link ClientSystemContract} implements it only if its
 * remote can, and then runs its checks. Each group narrows {@link #remote()} to the hook it needs
 * ({@link ContractRemote.CanBeUnavailable}, …), so the compiler asks for that hook.
 */
public interface RemoteCapability {

  /** The remote of the running check; {@link ClientSystemContract} provides it. */
  ContractRemote remote();

  /** The adapter under test of the running check; {@link ClientSystemContract} provides it. */
  ClientSystemApi api();
}
