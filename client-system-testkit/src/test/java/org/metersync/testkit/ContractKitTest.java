package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit itself: it fails kinds that break the contract and says which checks it could not make.
 */
class ContractKitTest {

  /** Run by the launcher below, not by the build: a remote that can simulate nothing. */
  static class RemoteSimulatingNothing extends ClientSystemContract {
    @Override
    protected ContractRemote newRemote() {
      return new InMemoryKind.Remote(Set.of(), false);
    }
  }

  /** Run by the launcher below: a remote keeping every copy, as a store without ids would. */
  static class RemoteKeepingCopies extends ClientSystemContract {
    @Override
    protected ContractRemote newRemote() {
      return new InMemoryKind.Remote(EnumSet.allOf(Misbehaviour.class), true);
    }
  }

  /** Outcomes of the launched checks: method name to status, and the reasons of aborted ones. */
  private static final class Outcomes implements TestExecutionListener {
    final List<String> failed = new ArrayList<>();
    final List<String> aborted = new ArrayList<>();
    final List<String> passed = new ArrayList<>();

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        return;
      }
      String name = test.getLegacyReportingName();
      switch (result.getStatus()) {
        case SUCCESSFUL -> passed.add(name);
        case FAILED -> failed.add(name);
        case ABORTED ->
            aborted.add(name + ": " + result.getThrowable().map(Throwable::getMessage).orElse(""));
      }
    }
  }

  private static Outcomes run(Class<?> contractTest) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contractTest)).build();
    Launcher launcher = LauncherFactory.create();
    Outcomes outcomes = new Outcomes();
    launcher.execute(request, outcomes);
    return outcomes;
  }

  @Test
  void contract_remoteSimulatingNothing_misbehaviourChecksAbortedAsNotApplicable() {
    Outcomes outcomes = run(RemoteSimulatingNothing.class);

    assertEquals(List.of(), outcomes.failed);
    // One per check that needs a misbehaviour: 5 download, 8 upload, 2 reachability.
    assertEquals(15, outcomes.aborted.size(), outcomes.aborted::toString);
    for (String aborted : outcomes.aborted) {
      assertTrue(
          aborted.contains("not applicable")
              && aborted.contains("declares that it cannot simulate"),
          aborted);
    }
    assertTrue(
        outcomes.aborted.stream()
            .anyMatch(a -> a.startsWith("upload_answerLost") && a.endsWith("ANSWER_LOST")),
        outcomes.aborted::toString);
    assertTrue(
        outcomes.passed.contains(
            "upload_sameBatchTwice_heldOnceSecondTimeAlreadyPresentOrAccepted()"),
        outcomes.passed::toString);
  }

  @Test
  void contract_remoteKeepingCopiesOfEdits_editChecksFail() {
    Outcomes outcomes = run(RemoteKeepingCopies.class);

    assertTrue(
        outcomes.failed.contains("upload_editedReadingsResent_remoteHoldsTheNewData()"),
        outcomes.failed::toString);
    assertTrue(
        outcomes.failed.contains("upload_answerLostThenReadingEdited_resendHoldsTheNewData()"),
        outcomes.failed::toString);
    assertTrue(outcomes.passed.contains("fetchReadings_emptyRemote_emptyPageWithoutMore()"));
  }
}
