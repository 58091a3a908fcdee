package org.metersync.testkit;

/** The kit's checks, every capability's too, hold for a kind that does its job. */
class InMemoryContractTest extends ClientSystemContract<InMemoryKind.CapableRemote>
    implements RemoteCanBeUnavailable,
        RemoteCanRefuseCalls,
        RemoteCanRefuseCredentials,
        RemoteCanGarbleAnswers,
        RemoteCanLoseAnswers,
        RemoteCanOmitVerdicts,
        RemoteCanOverfillPages,
        RemoteCanRefuseReadings {

  @Override
  protected InMemoryKind.CapableRemote newRemote() {
    return new InMemoryKind.CapableRemote();
  }
}
