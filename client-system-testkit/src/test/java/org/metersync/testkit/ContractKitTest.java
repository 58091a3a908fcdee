package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.metersync.testkit.InMemoryKind.Fault;

/**
 * The kit itself: a kind runs the core checks and those of the capabilities it implements, none
 * skipped, and each group fails a kind that gets it wrong.
 */
class ContractKitTest {

  private static final List<Class<? extends RemoteCapability>> CAPABILITIES =
      List.of(
          RemoteCanBeUnavailable.class,
          RemoteCanRefuseCalls.class,
          RemoteCanRefuseCredentials.class,
          RemoteCanGarbleAnswers.class,
          RemoteCanLoseAnswers.class,
          RemoteCanOmitVerdicts.class,
          RemoteCanOverfillPages.class,
          RemoteCanRefuseReadings.class);

  /** Run by the launcher below, not by the build: a remote that can do nothing wrong. */
  static class NoCapability extends ClientSystemContract<InMemoryKind.Remote> {
    @Override
    protected InMemoryKind.Remote newRemote() {
      return new InMemoryKind.Remote(false);
    }
  }

  /** Claims it can be unavailable, but garbles its answer instead. */
  static final class GarblesForUnavailable extends InMemoryKind.Remote
      implements ContractRemote.CanBeUnavailable {
    GarblesForUnavailable() {
      super(false);
    }

    @Override
    public void beUnavailableForNextCall() {
      failNextCall(Fault.GARBLED);
    }
  }

  static class UnavailableDoneWrong extends ClientSystemContract<GarblesForUnavailable>
      implements RemoteCanBeUnavailable {
    @Override
    protected GarblesForUnavailable newRemote() {
      return new GarblesForUnavailable();
    }
  }

  /** Claims it can refuse the credentials, but refuses the call as if for another reason. */
  static final class RefusesCallForCredentials extends InMemoryKind.Remote
      implements ContractRemote.CanRefuseCredentials {
    RefusesCallForCredentials() {
      super(false);
    }

    @Override
    public void refuseCredentialsInNextCall() {
      failNextCall(Fault.REFUSED);
    }
  }

  static class CredentialsDoneWrong extends ClientSystemContract<RefusesCallForCredentials>
      implements RemoteCanRefuseCredentials {
    @Override
    protected RefusesCallForCredentials newRemote() {
      return new RefusesCallForCredentials();
    }
  }

  /** Keeps every copy, as a store without ids would; loses answers as it says. */
  static final class KeepsCopies extends InMemoryKind.Remote
      implements ContractRemote.CanLoseAnswers {
    KeepsCopies() {
      super(true);
    }

    @Override
    public void loseNextUploadAnswer() {
      failNextCall(Fault.ANSWER_LOST);
    }
  }

  static class RemoteKeepingCopies extends ClientSystemContract<KeepsCopies>
      implements RemoteCanLoseAnswers {
    @Override
    protected KeepsCopies newRemote() {
      return new KeepsCopies();
    }
  }

  /** A remote with every hook whose test implements no capability. */
  static class HooksLeftUnchecked extends ClientSystemContract<InMemoryKind.CapableRemote> {
    @Override
    protected InMemoryKind.CapableRemote newRemote() {
      return new InMemoryKind.CapableRemote();
    }
  }

  /** Outcomes of the launched checks by method name (one per invocation of a parameterized one). */
  private static final class Outcomes implements TestExecutionListener {
    final List<String> passed = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    final List<String> notRun = new ArrayList<>();

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
      notRun.add(test.getDisplayName() + ": " + reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
      if (!test.isTest()) {
        return;
      }
      String method =
          test.getSource()
              .filter(MethodSource.class::isInstance)
              .map(s -> ((MethodSource) s).getMethodName())
              .orElse(test.getDisplayName());
      switch (result.getStatus()) {
        case SUCCESSFUL -> passed.add(method);
        case FAILED -> {
          failed.add(method);
          failures.add(result.getThrowable().map(Throwable::getMessage).orElse(""));
        }
        case ABORTED -> notRun.add(method + ": aborted");
      }
    }

    Set<String> ran() {
      return Stream.concat(passed.stream(), failed.stream())
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static Outcomes run(Class<?> contractTest) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contractTest)).build();
    Outcomes outcomes = new Outcomes();
    LauncherFactory.create().execute(request, outcomes);
    return outcomes;
  }

  /** The names of the checks {@code type} declares itself. */
  private static Set<String> checksOf(Class<?> type) {
    return Stream.of(type.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class) || isParameterized(m))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean isParameterized(Method method) {
    return method.isAnnotationPresent(ParameterizedTest.class);
  }

  @Test
  void contract_noCapability_exactlyTheCoreChecksRunAndPass() {
    Outcomes outcomes = run(NoCapability.class);

    assertEquals(checksOf(ClientSystemContract.class), outcomes.ran());
    // 15 checks, three of them run 5, 5 and 3 times.
    assertEquals(15, outcomes.ran().size(), outcomes.ran()::toString);
    assertEquals(25, outcomes.passed.size(), outcomes.passed::toString);
    assertEquals(List.of(), outcomes.failed, outcomes.failures::toString);
    assertEquals(List.of(), outcomes.notRun);
  }

  @Test
  void contract_everyCapability_coreAndEachGroupsChecksRunAndPass() {
    Outcomes outcomes = run(InMemoryContractTest.class);

    Set<String> expected = checksOf(ClientSystemContract.class);
    CAPABILITIES.forEach(capability -> expected.addAll(checksOf(capability)));
    assertEquals(expected, outcomes.ran());
    assertEquals(25 + 15, outcomes.passed.size(), outcomes.passed::toString);
    assertEquals(List.of(), outcomes.notRun);
  }

  @Test
  void remoteCanBeUnavailable_remoteGarblesInstead_eachOfItsChecksFails() {
    Outcomes outcomes = run(UnavailableDoneWrong.class);

    assertEquals(checksOf(RemoteCanBeUnavailable.class), new TreeSet<>(outcomes.failed));
    assertEquals(3, outcomes.failed.size(), outcomes.failed::toString);
    assertEquals(25, outcomes.passed.size(), outcomes.passed::toString);
  }

  @Test
  void remoteCanRefuseCredentials_remoteRefusesForAnotherReason_eachOfItsChecksFails() {
    Outcomes outcomes = run(CredentialsDoneWrong.class);

    assertEquals(checksOf(RemoteCanRefuseCredentials.class), new TreeSet<>(outcomes.failed));
    assertEquals(3, outcomes.failed.size(), outcomes.failed::toString);
    assertEquals(25, outcomes.passed.size(), outcomes.passed::toString);
  }

  @Test
  void contract_remoteKeepingCopiesOfEdits_editChecksFail() {
    Outcomes outcomes = run(RemoteKeepingCopies.class);

    assertTrue(
        outcomes.failed.contains("upload_editedReadingsResent_remoteHoldsTheNewData"),
        outcomes.failed::toString);
    assertTrue(
        outcomes.failed.contains("upload_answerLostThenReadingEdited_resendHoldsTheNewData"),
        outcomes.failed::toString);
    assertTrue(
        outcomes.failed.contains("upload_editedReadingsResentInDoubt_remoteHoldsTheNewDataOnce"),
        outcomes.failed::toString);
    assertTrue(outcomes.passed.contains("fetchReadings_emptyRemote_emptyPageWithoutMore"));
  }

  @Test
  void contract_remoteWithHooksWhoseChecksAreNotImplemented_failsNamingThem() {
    Outcomes outcomes = run(HooksLeftUnchecked.class);

    assertEquals(List.of("capabilities_hooksTheRemoteImplements_eachChecked"), outcomes.failed);
    String failure = outcomes.failures.get(0);
    for (Class<?> capability : CAPABILITIES) {
      assertTrue(failure.contains(capability.getSimpleName()), failure);
    }
  }
}
