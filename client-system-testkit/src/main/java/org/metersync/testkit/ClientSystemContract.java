package org.metersync.testkit;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.testkit.ContractChecks.assertAllHeld;
import static org.metersync.testkit.ContractChecks.assertNamesTenant;
import static org.metersync.testkit.ContractChecks.readingsOf;
import static org.metersync.testkit.ContractReadings.edited;
import static org.metersync.testkit.ContractReadings.readings;
import static org.metersync.testkit.ContractReadings.retimed;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ReadingsPage;

/**
 * What every kind of client system must do against a well-behaved remote, whatever its transport. A
 * kind's test extends this class, implements {@link #newRemote()}, and implements one {@link
 * RemoteCapability} interface for each thing its remote can be made to do wrong, which adds that
 * group's checks; each check gets a fresh remote and adapter.
 *
 * <pre>{@code
 * class FileDropContractTest extends ClientSystemContract<FileDropRemote>
 *     implements RemoteCanBeUnavailable {
 *   @Override
 *   protected FileDropRemote newRemote() {
 *     return new FileDropRemote(tempDir); // a ContractRemote.CanBeUnavailable
 *   }
 * }
 * }</pre>
 *
 * @param <R> the kind's remote, which implements the hook of every capability the test implements
 */
public abstract class ClientSystemContract<R extends ContractRemote> {

  /** Each capability's hook on the remote, and the checks that need it. */
  private static final Map<Class<?>, Class<? extends RemoteCapability>> CHECKS_BY_HOOK =
      Map.of(
          ContractRemote.CanBeUnavailable.class, RemoteCanBeUnavailable.class,
          ContractRemote.CanRefuseCalls.class, RemoteCanRefuseCalls.class,
          ContractRemote.CanRefuseCredentials.class, RemoteCanRefuseCredentials.class,
          ContractRemote.CanGarbleAnswers.class, RemoteCanGarbleAnswers.class,
          ContractRemote.CanLoseAnswers.class, RemoteCanLoseAnswers.class,
          ContractRemote.CanOmitVerdicts.class, RemoteCanOmitVerdicts.class,
          ContractRemote.CanOverfillPages.class, RemoteCanOverfillPages.class,
          ContractRemote.CanRefuseReadings.class, RemoteCanRefuseReadings.class);

  private R remote;
  private ClientSystemApi api;

  /** A fresh, empty, well-behaved remote of the kind under test; closed after the check. */
  protected abstract R newRemote();

  /** The remote of the running check. */
  public R remote() {
    return remote;
  }

  /** The adapter under test of the running check, made by {@link ContractRemote#newAdapter()}. */
  public ClientSystemApi api() {
    return api;
  }

  @BeforeEach
  protected final void startRemote() {
    remote = requireNonNull(newRemote(), "newRemote() returned null");
    api = requireNonNull(remote.newAdapter(), "newAdapter() returned null");
  }

  @AfterEach
  protected final void closeRemote() throws Exception {
    if (remote != null) {
      remote.close();
    }
  }

  // ---- capabilities ---------------------------------------------------------------------------

  /** A hook the remote implements whose checks this test leaves out would hide them unseen. */
  @Test
  void capabilities_hooksTheRemoteImplements_eachChecked() {
    List<String> unchecked =
        CHECKS_BY_HOOK.entrySet().stream()
            .filter(e -> e.getKey().isInstance(remote) && !e.getValue().isInstance(this))
            .map(e -> e.getValue().getSimpleName())
            .sorted()
            .toList();

    assertEquals(
        List.of(),
        unchecked,
        () ->
            remote.getClass().getSimpleName()
                + " can misbehave in ways "
                + getClass().getSimpleName()
                + " does not check; implement "
                + String.join(", ", unchecked));
  }

  // ---- download -------------------------------------------------------------------------------

  @Test
  void fetchReadings_emptyRemote_emptyPageWithoutMore() {
    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(0, page.received());
    assertFalse(page.hasMore());
  }

  @ParameterizedTest(name = "limit {0}")
  @ValueSource(ints = {1, 2, 3, 7, 50})
  void fetchReadings_pagedToTheEnd_everyReadingOnceInOrder(int limit) {
    List<MeterReading> offered = readings(7);
    remote.offer(offered);

    List<ReadingsPage> pages = pageToTheEnd(Optional.empty(), limit);

    assertSameReadings(offered, readingsOf(pages));
    assertTrue(
        pages.size() <= (offered.size() + limit - 1) / limit + 1,
        () -> pages.size() + " pages for " + offered.size() + " readings in pages of " + limit);
    for (ReadingsPage page : pages.subList(0, pages.size() - 1)) {
      assertTrue(page.received() > 0, "an empty page said more follow");
    }
  }

  @Test
  void fetchReadings_lastCursorAfterMoreOffered_returnsOnlyTheNewOnes() {
    remote.offer(readings("old", 3));
    List<ReadingsPage> pages = pageToTheEnd(Optional.empty(), 10);
    Optional<String> end = Optional.of(last(pages).cursor());

    ReadingsPage idle = api.fetchReadings(end, 10);
    List<MeterReading> later = readings("new", 2);
    remote.offer(later);
    List<ReadingsPage> more = pageToTheEnd(end, 10);

    assertEquals(0, idle.received());
    assertFalse(idle.hasMore());
    assertSameReadings(later, readingsOf(more));
  }

  @Test
  void fetchReadings_sameCursorAgain_samePage() {
    List<MeterReading> offered = readings(5);
    remote.offer(offered);
    ReadingsPage first = api.fetchReadings(Optional.empty(), 2);
    ReadingsPage second = api.fetchReadings(Optional.of(first.cursor()), 2);

    // A page whose storing failed is fetched again with the cursor stored before it.
    ReadingsPage firstAgain = api.fetchReadings(Optional.empty(), 2);
    ReadingsPage secondAgain = api.fetchReadings(Optional.of(first.cursor()), 2);

    assertSameReadings(offered.subList(0, 2), first.readings());
    assertSameReadings(offered.subList(2, 4), second.readings());
    assertSameReadings(first.readings(), firstAgain.readings());
    assertSameReadings(second.readings(), secondAgain.readings());
  }

  @ParameterizedTest(name = "cursor {0}")
  @ValueSource(
      strings = {"c-17", "{\"v\":99}", "reference-rest:v9:x", "{\"v\":1,\"afterId\":[1]}", "%%%"})
  void fetchReadings_cursorNotMadeByThisKind_malformedNamingTenant(String cursor) {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api.fetchReadings(Optional.of(cursor), 10));

    assertNamesTenant(remote, e);
  }

  @Test
  void fetchReadings_trickyReadings_takenExactly() {
    List<MeterReading> offered = ContractReadings.tricky();
    remote.offer(offered);

    assertSameReadings(offered, readingsOf(pageToTheEnd(Optional.empty(), 100)));
  }

  // ---- upload ---------------------------------------------------------------------------------

  @Test
  void upload_emptyBatch_noVerdicts() {
    assertEquals(Map.of(), api.upload(List.of()));
  }

  @ParameterizedTest(name = "{0} readings")
  @ValueSource(ints = {1, 3, 50})
  void upload_newReadingsOfDistinctIds_eachAcceptedAndHeldOnce(int size) {
    List<MeterReading> batch = readings(size);

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(ids(batch), List.copyOf(verdicts.keySet()).stream().sorted(ID_ORDER).toList());
    for (MeterReading reading : batch) {
      assertEquals(UploadVerdict.ACCEPTED, verdicts.get(reading.id()), reading.id()::value);
    }
    assertHeldOnce(batch);
  }

  @Test
  void upload_sameBatchTwice_heldOnceSecondTimeAlreadyPresentOrAccepted() {
    List<MeterReading> batch = readings(3);
    assertAllHeld(batch, api.upload(batch));

    Map<ReadingId, UploadVerdict> again = api.upload(batch);

    assertAllHeld(batch, again);
    assertHeldOnce(batch);
  }

  @Test
  void upload_editedReadingsResent_remoteHoldsTheNewData() {
    List<MeterReading> batch = readings(3);
    assertAllHeld(batch, api.upload(batch));
    List<MeterReading> edited = List.of(batch.get(0), edited(batch.get(1)), retimed(batch.get(2)));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(edited);

    assertAllHeld(edited, verdicts);
    // AlreadyPresent would say the remote holds the new data when it does not.
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(2).id()));
    assertHeldOnce(edited);
  }

  @Test
  void upload_trickyReadings_heldExactlyAndFoundAgainOnResend() {
    List<MeterReading> batch = ContractReadings.tricky();

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);
    assertHeldOnce(batch);
    Map<ReadingId, UploadVerdict> again = api.upload(batch);

    for (MeterReading reading : batch) {
      assertEquals(UploadVerdict.ACCEPTED, verdicts.get(reading.id()), reading.id()::value);
    }
    assertAllHeld(batch, again);
    assertHeldOnce(batch);
  }

  @Test
  void upload_resentWithTheSentHalfInDoubt_everyReadingHeldOnce() {
    List<MeterReading> batch = readings(6);
    List<MeterReading> sent = batch.subList(0, 3);
    assertAllHeld(sent, api.upload(sent, Set.of()));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch, Set.copyOf(idsOf(sent)));

    assertAllHeld(batch, verdicts);
    assertHeldOnce(batch);
  }

  @Test
  void upload_editedReadingsResentInDoubt_remoteHoldsTheNewDataOnce() {
    List<MeterReading> batch = readings(3);
    assertAllHeld(batch, api.upload(batch, Set.of()));
    List<MeterReading> edited = List.of(batch.get(0), edited(batch.get(1)), retimed(batch.get(2)));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(edited, Set.copyOf(idsOf(edited)));

    assertAllHeld(edited, verdicts);
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(2).id()));
    assertHeldOnce(edited);
  }

  // ---- reachability ---------------------------------------------------------------------------

  @Test
  void checkReachable_wellBehavedRemote_returns() {
    assertDoesNotThrow(api::checkReachable);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static final Comparator<ReadingId> ID_ORDER = Comparator.comparing(ReadingId::value);

  private List<ReadingsPage> pageToTheEnd(Optional<String> cursor, int limit) {
    return ContractChecks.pageToTheEnd(api, cursor, limit);
  }

  private static ReadingsPage last(List<ReadingsPage> pages) {
    return pages.get(pages.size() - 1);
  }

  private static List<ReadingId> idsOf(List<MeterReading> readings) {
    return readings.stream().map(MeterReading::id).toList();
  }

  private static List<ReadingId> ids(List<MeterReading> readings) {
    return readings.stream().map(MeterReading::id).sorted(ID_ORDER).toList();
  }

  /** The same readings in the same order, each with the same data (values compared exactly). */
  protected static void assertSameReadings(List<MeterReading> expected, List<MeterReading> actual) {
    ContractChecks.assertSameReadings(expected, actual);
  }

  /** The remote holds exactly one copy of each reading, with its data. */
  protected final void assertHeldOnce(List<MeterReading> readings) {
    ContractChecks.assertHeldOnce(remote, readings);
  }
}
