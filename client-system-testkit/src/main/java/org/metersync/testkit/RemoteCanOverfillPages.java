package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.testkit.ContractChecks.assertSameReadings;
import static org.metersync.testkit.ContractChecks.pageToTheEnd;
import static org.metersync.testkit.ContractChecks.readingsOf;
import static org.metersync.testkit.ContractReadings.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.domain.MeterReading;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ReadingsPage;

/**
 * Checks for a remote that can answer a download with more readings than asked for: the adapter
 * never hands on more than the limit and loses nothing. Implemented by a kind's contract test whose
 * remote is a {@link ContractRemote.CanOverfillPages}.
 */
public interface RemoteCanOverfillPages extends RemoteCapability {

  @Override
  ContractRemote.CanOverfillPages remote();

  @Test
  default void fetchReadings_remoteIgnoresLimit_neverMoreThanLimitNorLoss() {
    List<MeterReading> offered = readings(5);
    remote().offer(offered);
    remote().overfillNextPage();

    List<MeterReading> received = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    try {
      ReadingsPage page = api().fetchReadings(Optional.empty(), 3);
      assertTrue(page.received() <= 3, () -> page.received() + " readings in a page of 3");
      assertTrue(page.hasMore(), "the rest must follow");
      received.addAll(page.readings());
      cursor = Optional.of(page.cursor());
    } catch (ClientSystemMalformedAnswerException refusedWhole) {
      // The other way to honour the limit: nothing of the page is taken.
    }
    received.addAll(readingsOf(pageToTheEnd(api(), cursor, 3)));

    assertSameReadings(offered, received);
  }
}
