package org.metersync.testkit;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.metersync.testkit.ContractReadings.edited;
import static org.metersync.testkit.ContractReadings.readings;
import static org.metersync.testkit.ContractReadings.retimed;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.ReadingsPage;

/**
 * What every kind of client system must do, whatever its transport. A kind's test extends this
 * class and implements {@link #newRemote()}; each check gets a fresh remote and adapter.
 *
 * <pre>{@code
 * class FileDropContractTest extends ClientSystemContract {
 *   @Override
 *   protected ContractRemote newRemote() {
 *     return new FileDropRemote(tempDir);
 *   }
 * }
 * }</pre>
 *
 * A check that needs a misbehaviour the remote does not declare in {@link
 * ContractRemote#misbehaviours()} is aborted with the reason "not applicable", so a report shows
 * it.
 */
public abstract class ClientSystemContract {

  private ContractRemote remote;
  private ClientSystemApi api;

  /** A fresh, empty, well-behaved remote of the kind under test; closed after the check. */
  protected abstract ContractRemote newRemote();

  /** The remote of the running check. */
  protected ContractRemote remote() {
    return remote;
  }

  /** The adapter under test of the running check, made by {@link ContractRemote#newAdapter()}. */
  protected ClientSystemApi api() {
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

  @Test
  void fetchReadings_remoteIgnoresLimit_neverMoreThanLimitNorLoss() {
    assumeSimulates(Misbehaviour.PAGE_OVER_LIMIT);
    List<MeterReading> offered = readings(5);
    remote.offer(offered);
    remote.misbehaveOnNextCall(Misbehaviour.PAGE_OVER_LIMIT);

    List<MeterReading> received = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    try {
      ReadingsPage page = api.fetchReadings(Optional.empty(), 3);
      assertTrue(page.received() <= 3, () -> page.received() + " readings in a page of 3");
      assertTrue(page.hasMore(), "the rest must follow");
      received.addAll(page.readings());
      cursor = Optional.of(page.cursor());
    } catch (ClientSystemMalformedAnswerException refusedWhole) {
      // The other way to honour the limit: nothing of the page is taken.
    }
    received.addAll(readingsOf(pageToTheEnd(cursor, 3)));

    assertSameReadings(offered, received);
  }

  @ParameterizedTest(name = "cursor {0}")
  @ValueSource(
      strings = {"c-17", "{\"v\":99}", "reference-rest:v9:x", "{\"v\":1,\"afterId\":[1]}", "%%%"})
  void fetchReadings_cursorNotMadeByThisKind_malformedNamingTenant(String cursor) {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api.fetchReadings(Optional.of(cursor), 10));

    assertNamesTenant(e);
  }

  @Test
  void fetchReadings_trickyReadings_takenExactly() {
    List<MeterReading> offered = ContractReadings.tricky();
    remote.offer(offered);

    assertSameReadings(offered, readingsOf(pageToTheEnd(Optional.empty(), 100)));
  }

  @Test
  void fetchReadings_remoteUnavailable_unavailableAndCursorStillGood() {
    fetchFails(Misbehaviour.UNAVAILABLE, ClientSystemUnavailableException.class);
  }

  @Test
  void fetchReadings_remoteRefuses_rejectedPermanentlyAndCursorStillGood() {
    ClientSystemRejectedException e =
        fetchFails(Misbehaviour.REFUSED, ClientSystemRejectedException.class);

    assertFalse(e.isTransient());
    assertFalse(e.isAuthentication());
  }

  @Test
  void fetchReadings_credentialsRefused_rejectedAsAuthenticationNamingTenant() {
    ClientSystemRejectedException e =
        fetchFails(Misbehaviour.CREDENTIALS_REFUSED, ClientSystemRejectedException.class);

    assertTrue(e.isAuthentication());
    assertFalse(e.isTransient());
    assertNamesTenant(e);
  }

  @Test
  void fetchReadings_garbledAnswer_malformedAndCursorStillGood() {
    fetchFails(Misbehaviour.GARBLED, ClientSystemMalformedAnswerException.class);
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
  void upload_heldNewAndRefusedReadings_verdictForEveryReading() {
    assumeSimulates(Misbehaviour.REFUSES_READING);
    List<MeterReading> batch = readings(3);
    api.upload(batch.subList(0, 1));
    remote.refuseReading(batch.get(2).id(), "value out of range");

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(3, verdicts.size(), verdicts::toString);
    assertEquals(UploadVerdict.ALREADY_PRESENT, verdicts.get(batch.get(0).id()));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    UploadVerdict.Rejected rejected =
        assertInstanceOf(UploadVerdict.Rejected.class, verdicts.get(batch.get(2).id()));
    assertTrue(rejected.reason().contains("value out of range"), rejected.reason());
    assertHeldOnce(batch.subList(0, 2));
    assertEquals(List.of(), remote.held(batch.get(2).id()));
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
  void upload_answerLost_unavailableThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(Misbehaviour.ANSWER_LOST, ClientSystemUnavailableException.class);
  }

  @Test
  void upload_answerLostThenReadingEdited_resendHoldsTheNewData() {
    assumeSimulates(Misbehaviour.ANSWER_LOST);
    List<MeterReading> batch = readings(3);
    remote.misbehaveOnNextCall(Misbehaviour.ANSWER_LOST);
    assertThrows(ClientSystemUnavailableException.class, () -> api.upload(batch));
    List<MeterReading> edited = List.of(batch.get(0), edited(batch.get(1)), batch.get(2));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(edited);

    assertAllHeld(edited, verdicts);
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    assertHeldOnce(edited);
  }

  @Test
  void upload_remoteUnavailable_unavailableAndNothingHeld() {
    uploadFailsHoldingNothing(Misbehaviour.UNAVAILABLE, ClientSystemUnavailableException.class);
  }

  @Test
  void upload_remoteRefuses_rejectedPermanentlyAndNothingHeld() {
    ClientSystemRejectedException e =
        uploadFailsHoldingNothing(Misbehaviour.REFUSED, ClientSystemRejectedException.class);

    assertFalse(e.isTransient());
    assertFalse(e.isAuthentication());
  }

  @Test
  void upload_credentialsRefused_rejectedAsAuthenticationAndNothingHeld() {
    ClientSystemRejectedException e =
        uploadFailsHoldingNothing(
            Misbehaviour.CREDENTIALS_REFUSED, ClientSystemRejectedException.class);

    assertTrue(e.isAuthentication());
    assertNamesTenant(e);
  }

  @Test
  void upload_garbledAnswer_malformedThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(Misbehaviour.GARBLED, ClientSystemMalformedAnswerException.class);
  }

  @Test
  void upload_verdictMissing_malformedThenResendHeldOnce() {
    uploadFailsThenResendHeldOnce(
        Misbehaviour.VERDICT_MISSING, ClientSystemMalformedAnswerException.class);
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

  // ---- reachability ---------------------------------------------------------------------------

  @Test
  void checkReachable_wellBehavedRemote_returns() {
    assertDoesNotThrow(api::checkReachable);
  }

  @Test
  void checkReachable_remoteUnavailable_unavailable() {
    misbehave(Misbehaviour.UNAVAILABLE);

    assertThrows(ClientSystemUnavailableException.class, api::checkReachable);
  }

  @Test
  void checkReachable_credentialsRefused_rejectedAsAuthentication() {
    misbehave(Misbehaviour.CREDENTIALS_REFUSED);

    ClientSystemRejectedException e =
        assertThrows(ClientSystemRejectedException.class, api::checkReachable);
    assertTrue(e.isAuthentication());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static final Comparator<ReadingId> ID_ORDER = Comparator.comparing(ReadingId::value);

  /** Aborts the check, visibly, if the remote cannot simulate {@code misbehaviour}. */
  protected final void assumeSimulates(Misbehaviour misbehaviour) {
    assumeTrue(
        remote.misbehaviours().contains(misbehaviour),
        () ->
            "not applicable: the remote of kind '"
                + api.kind()
                + "' declares that it cannot simulate "
                + misbehaviour);
  }

  private void misbehave(Misbehaviour misbehaviour) {
    assumeSimulates(misbehaviour);
    remote.misbehaveOnNextCall(misbehaviour);
  }

  /**
   * The failing fetch throws {@code expected}; the same cursor then gives the page it would have.
   */
  private <E extends ClientSystemException> E fetchFails(
      Misbehaviour misbehaviour, Class<E> expected) {
    assumeSimulates(misbehaviour);
    List<MeterReading> offered = readings(3);
    remote.offer(offered);
    Optional<String> cursor = Optional.of(api.fetchReadings(Optional.empty(), 1).cursor());
    remote.misbehaveOnNextCall(misbehaviour);

    E e = assertThrows(expected, () -> api.fetchReadings(cursor, 1));
    ReadingsPage later = api.fetchReadings(cursor, 1);

    assertSameReadings(offered.subList(1, 2), later.readings());
    return e;
  }

  private <E extends ClientSystemException> E uploadFailsHoldingNothing(
      Misbehaviour misbehaviour, Class<E> expected) {
    assumeSimulates(misbehaviour);
    List<MeterReading> batch = readings(3);
    remote.misbehaveOnNextCall(misbehaviour);

    E e = assertThrows(expected, () -> api.upload(batch));

    for (MeterReading reading : batch) {
      assertEquals(List.of(), remote.held(reading.id()), reading.id()::value);
    }
    assertAllHeld(batch, api.upload(batch));
    assertHeldOnce(batch);
    return e;
  }

  private void uploadFailsThenResendHeldOnce(
      Misbehaviour misbehaviour, Class<? extends ClientSystemException> expected) {
    assumeSimulates(misbehaviour);
    List<MeterReading> batch = readings(3);
    remote.misbehaveOnNextCall(misbehaviour);
    assertThrows(expected, () -> api.upload(batch));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertAllHeld(batch, verdicts);
    assertHeldOnce(batch);
  }

  /** Fetches from {@code cursor} until no more follow; every page within {@code limit}. */
  private List<ReadingsPage> pageToTheEnd(Optional<String> cursor, int limit) {
    List<ReadingsPage> pages = new ArrayList<>();
    ReadingsPage page;
    do {
      if (pages.size() > 1_000) {
        fail("still more after 1000 pages of " + limit);
      }
      page = api.fetchReadings(cursor, limit);
      int received = page.received();
      assertTrue(received <= limit, () -> received + " readings in a page of " + limit);
      assertEquals(List.of(), page.malformed(), "well-formed readings kept aside");
      pages.add(page);
      cursor = Optional.of(page.cursor());
    } while (page.hasMore());
    return pages;
  }

  private static List<MeterReading> readingsOf(List<ReadingsPage> pages) {
    return pages.stream().flatMap(p -> p.readings().stream()).toList();
  }

  private static ReadingsPage last(List<ReadingsPage> pages) {
    return pages.get(pages.size() - 1);
  }

  private static List<ReadingId> ids(List<MeterReading> readings) {
    return readings.stream().map(MeterReading::id).sorted(ID_ORDER).toList();
  }

  /** The same readings in the same order, each with the same data (values compared exactly). */
  protected static void assertSameReadings(List<MeterReading> expected, List<MeterReading> actual) {
    assertEquals(expected.size(), actual.size(), () -> "expected " + expected + ", got " + actual);
    for (int i = 0; i < expected.size(); i++) {
      MeterReading want = expected.get(i);
      MeterReading got = actual.get(i);
      assertTrue(
          ContractReadings.sameData(want, got),
          () -> "reading " + want.id() + ": expected " + want + ", got " + got);
    }
  }

  private static void assertAllHeld(
      List<MeterReading> batch, Map<ReadingId, UploadVerdict> verdicts) {
    assertEquals(batch.size(), verdicts.size(), verdicts::toString);
    for (MeterReading reading : batch) {
      UploadVerdict verdict = verdicts.get(reading.id());
      assertTrue(verdict != null && verdict.held(), () -> reading.id() + ": " + verdict);
    }
  }

  /** The remote holds exactly one copy of each reading, with its data. */
  protected final void assertHeldOnce(List<MeterReading> readings) {
    for (MeterReading reading : readings) {
      assertSameReadings(List.of(reading), remote.held(reading.id()));
    }
  }

  private void assertNamesTenant(Exception e) {
    String tenant = remote.tenant().value();
    assertTrue(e.getMessage().contains(tenant), () -> "no tenant " + tenant + ": " + e);
  }
}
