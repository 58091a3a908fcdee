package org.metersync.application.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.reading;
import static org.metersync.application.fakes.TestReadings.readings;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;

class FakeClientSystemTest {

  private final FakeClientSystem client = new FakeClientSystem();

  @Test
  void upload_default_acceptsAndHolds() {
    Map<ReadingId, UploadVerdict> verdicts = client.upload(readings(2));

    assertEquals(
        Map.of(reading(1).id(), UploadVerdict.ACCEPTED, reading(2).id(), UploadVerdict.ACCEPTED),
        verdicts);
    assertEquals(readings(2), client.received());
    assertEquals(List.of(2), client.uploadRequestSizes());
    assertEquals(
        List.of(new FakeClientSystem.UploadExchange(readings(2), verdicts, null)),
        client.exchanges());
  }

  @Test
  void upload_repeat_alreadyPresentAndCountedAsDuplicateSend() {
    client.upload(readings(1));

    Map<ReadingId, UploadVerdict> verdicts = client.upload(readings(1));

    assertEquals(Map.of(reading(1).id(), UploadVerdict.ALREADY_PRESENT), verdicts);
    assertEquals(List.of(reading(1).id()), client.duplicateSends());
    assertEquals(1, client.received().size());
  }

  @Test
  void upload_sameIdChangedData_updatesTheHeldReading() {
    client.upload(readings(1));
    MeterReading edited = TestReadings.reading(1);
    edited =
        new MeterReading(
            edited.id(), edited.meterId(), edited.takenAt(), BigDecimal.TEN, edited.unit());

    Map<ReadingId, UploadVerdict> verdicts = client.upload(List.of(edited));

    assertEquals(Map.of(edited.id(), UploadVerdict.ACCEPTED), verdicts);
    assertEquals(List.of(edited), client.received());
    assertEquals(List.of(edited.id()), client.updates());
    assertEquals(List.of(), client.duplicateSends());
  }

  @Test
  void upload_reject_rejectsThoseWithReasonAndHoldsTheRest() {
    client.answerNextUpload(UploadAnswer.reject(Map.of(reading(1).id(), "bad unit")));

    Map<ReadingId, UploadVerdict> verdicts = client.upload(readings(2));

    assertEquals(UploadVerdict.rejected("bad unit"), verdicts.get(reading(1).id()));
    assertEquals(List.of(reading(2)), client.received());
  }

  @Test
  void upload_omit_givesNoVerdict() {
    client.answerNextUpload(UploadAnswer.omit(Set.of(reading(2).id())));

    Map<ReadingId, UploadVerdict> verdicts = client.upload(readings(2));

    assertEquals(Set.of(reading(1).id()), verdicts.keySet());
    assertFalse(client.holds(reading(2).id()));
  }

  @Test
  void upload_fail_throwsAndHoldsNothing() {
    ClientSystemUnavailableException down = new ClientSystemUnavailableException("down", null);
    client.answerNextUpload(UploadAnswer.fail(down));

    assertSame(
        down,
        assertThrows(ClientSystemUnavailableException.class, () -> client.upload(readings(2))));
    assertEquals(List.of(), client.received());
    assertEquals(List.of(2), client.uploadRequestSizes());
    assertSame(down, client.exchanges().get(0).failure());
    assertEquals(UploadVerdict.ACCEPTED, client.upload(readings(1)).get(reading(1).id()));
  }

  @Test
  void upload_failAfterStoring_throwsButHolds() {
    client.answerNextUpload(
        UploadAnswer.failAfterStoring(new ClientSystemUnavailableException("lost", null)));

    assertThrows(ClientSystemUnavailableException.class, () -> client.upload(readings(1)));
    assertTrue(client.holds(reading(1).id()));
  }

  @Test
  void fetchReadings_pagesThroughTheFeedWithIntegerCursor() {
    client.addDownloadable(readings(5));

    ReadingsPage first = client.fetchReadings(Optional.empty(), 2);
    ReadingsPage last = client.fetchReadings(Optional.of("4"), 2);

    assertEquals(List.of(reading(1), reading(2)), first.readings());
    assertEquals("2", first.cursor());
    assertTrue(first.hasMore());
    assertEquals(List.of(reading(5)), last.readings());
    assertEquals("5", last.cursor());
    assertFalse(last.hasMore());
    assertEquals(List.of(2, 2), client.fetchLimits());
    assertEquals(List.of(Optional.empty(), Optional.of("4")), client.fetchCursors());
  }

  @Test
  void fetchReadings_malformedEntry_comesBackSeparately() {
    MalformedReading bad = new MalformedReading(null, "{\"value\":\"x\"}", "value is not a number");
    client.addDownloadable(reading(1)).addMalformed(bad).addDownloadable(reading(2));

    ReadingsPage page = client.fetchReadings(Optional.empty(), 10);

    assertEquals(List.of(reading(1), reading(2)), page.readings());
    assertEquals(List.of(bad), page.malformed());
    assertEquals(3, page.received());
  }

  @Test
  void fetchReadings_maxPageSize_capsThePage() {
    client.addDownloadable(readings(5)).maxPageSize(3);

    ReadingsPage page = client.fetchReadings(Optional.empty(), 10);

    assertEquals(3, page.readings().size());
    assertTrue(page.hasMore());
  }

  @Test
  void fetchReadings_scriptedFailure_throwsOnce() {
    client.addDownloadable(readings(1));
    client.failNextFetch(new ClientSystemUnavailableException("503", null));

    assertThrows(
        ClientSystemUnavailableException.class, () -> client.fetchReadings(Optional.empty(), 1));
    assertEquals(1, client.fetchReadings(Optional.empty(), 1).readings().size());
  }

  @Test
  void failFetchAfter_failsOnlyThatFetch() {
    client.addDownloadable(readings(3));
    client.failFetchAfter(1, new ClientSystemUnavailableException("503", null));

    client.fetchReadings(Optional.empty(), 1);
    assertThrows(
        ClientSystemUnavailableException.class, () -> client.fetchReadings(Optional.of("1"), 1));
    assertEquals(List.of(reading(2)), client.fetchReadings(Optional.of("1"), 1).readings());
  }

  @Test
  void fetchReadings_foreignCursor_throws() {
    assertThrows(IllegalArgumentException.class, () -> client.fetchReadings(Optional.of("abc"), 1));
  }

  @Test
  void checkReachable_unreachable_throwsUntilReachable() {
    client.unreachable(new ClientSystemUnavailableException("refused", null));

    assertThrows(ClientSystemUnavailableException.class, client::checkReachable);
    client.reachable().checkReachable();
    assertEquals(2, client.reachabilityChecks());
  }
}
