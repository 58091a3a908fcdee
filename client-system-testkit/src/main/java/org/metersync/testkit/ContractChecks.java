package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.metersync.testkit.ContractReadings.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ReadingsPage;

/** Steps and assertions the contract's checks share, the core's and the capabilities'. */
final class ContractChecks {

  private ContractChecks() {}

  /**
   * A fetch after {@code misbehave} throws {@code expected}; the same cursor then gives the page it
   * would have.
   */
  static <E extends ClientSystemException> E fetchFails(
      RemoteCapability check, Runnable misbehave, Class<E> expected) {
    ClientSystemApi api = check.api();
    List<MeterReading> offered = readings(3);
    check.remote().offer(offered);
    Optional<String> cursor = Optional.of(api.fetchReadings(Optional.empty(), 1).cursor());
    misbehave.run();

    E e = assertThrows(expected, () -> api.fetchReadings(cursor, 1));
    ReadingsPage later = api.fetchReadings(cursor, 1);

    assertSameReadings(offered.subList(1, 2), later.readings());
    return e;
  }

  /**
   * An upload after {@code misbehave} throws {@code expected} and stores nothing; a re-send does.
   */
  static <E extends ClientSystemException> E uploadFailsHoldingNothing(
      RemoteCapability check, Runnable misbehave, Class<E> expected) {
    List<MeterReading> batch = readings(3);
    misbehave.run();

    E e = assertThrows(expected, () -> check.api().upload(batch));

    for (MeterReading reading : batch) {
      assertEquals(List.of(), check.remote().held(reading.id()), reading.id()::value);
    }
    assertAllHeld(batch, check.api().upload(batch));
    assertHeldOnce(check.remote(), batch);
    return e;
  }

  /** An upload after {@code misbehave} throws {@code expected}; a re-send leaves one copy each. */
  static void uploadFailsThenResendHeldOnce(
      RemoteCapability check, Runnable misbehave, Class<? extends ClientSystemException> expected) {
    List<MeterReading> batch = readings(3);
    misbehave.run();
    assertThrows(expected, () -> check.api().upload(batch));

    Map<ReadingId, UploadVerdict> verdicts = check.api().upload(batch);

    assertAllHeld(batch, verdicts);
    assertHeldOnce(check.remote(), batch);
  }

  /** Fetches from {@code cursor} until no more follow; every page within {@code limit}. */
  static List<ReadingsPage> pageToTheEnd(ClientSystemApi api, Optional<String> cursor, int limit) {
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

  static List<MeterReading> readingsOf(List<ReadingsPage> pages) {
    return pages.stream().flatMap(p -> p.readings().stream()).toList();
  }

  /** The same readings in the same order, each with the same data (values compared exactly). */
  static void assertSameReadings(List<MeterReading> expected, List<MeterReading> actual) {
    assertEquals(expected.size(), actual.size(), () -> "expected " + expected + ", got " + actual);
    for (int i = 0; i < expected.size(); i++) {
      MeterReading want = expected.get(i);
      MeterReading got = actual.get(i);
      assertTrue(
          ContractReadings.sameData(want, got),
          () -> "reading " + want.id() + ": expected " + want + ", got " + got);
    }
  }

  /** One verdict per reading of {@code batch}, each saying the remote holds it. */
  static void assertAllHeld(List<MeterReading> batch, Map<ReadingId, UploadVerdict> verdicts) {
    assertEquals(batch.size(), verdicts.size(), verdicts::toString);
    for (MeterReading reading : batch) {
      UploadVerdict verdict = verdicts.get(reading.id());
      assertTrue(verdict != null && verdict.held(), () -> reading.id() + ": " + verdict);
    }
  }

  /** The remote holds exactly one copy of each reading, with its data. */
  static void assertHeldOnce(ContractRemote remote, List<MeterReading> readings) {
    for (MeterReading reading : readings) {
      assertSameReadings(List.of(reading), remote.held(reading.id()));
    }
  }

  static void assertNamesTenant(ContractRemote remote, Exception e) {
    String tenant = remote.tenant().value();
    assertTrue(e.getMessage().contains(tenant), () -> "no tenant " + tenant + ": " + e);
  }
}
