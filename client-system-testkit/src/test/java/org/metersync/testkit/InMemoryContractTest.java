package org.metersync.testkit;

/** The kit's checks hold for a kind that does its job. */
class InMemoryContractTest extends ClientSystemContract {

  @Override
  protected ContractRemote newRemote() {
    return InMemoryKind.Remote.faithful();
  }
}
