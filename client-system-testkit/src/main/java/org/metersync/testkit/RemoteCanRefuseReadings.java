package org.metersync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.testkit.ContractChecks.assertHeldOnce;
import static org.metersync.testkit.ContractReadings.readings;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;

/**
 * Checks for a remote that can refuse one reading of an upload with a reason and store the others:
 * every reading gets its verdict, the refused one with the remote's reason. Implemented by a kind's
 * contract test whose remote is a {@link ContractRemote.CanRefuseReadings}.
 */
public interface RemoteCanRefuseReadings extends RemoteCapability {

  @Override
  ContractRemote.CanRefuseReadings remote();

  @Test
  default void upload_heldNewAndRefusedReadings_verdictForEveryReading() {
    List<MeterReading> batch = readings(3);
    api().upload(batch.subList(0, 1));
    remote().refuseReading(batch.get(2).id(), "value out of range");

    Map<ReadingId, UploadVerdict> verdicts = api().upload(batch);

    assertEquals(3, verdicts.size(), verdicts::toString);
    assertEquals(UploadVerdict.ALREADY_PRESENT, verdicts.get(batch.get(0).id()));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(1).id()));
    UploadVerdict.Rejected rejected =
        assertInstanceOf(UploadVerdict.Rejected.class, verdicts.get(batch.get(2).id()));
    assertTrue(rejected.reason().contains("value out of range"), rejected.reason());
    assertHeldOnce(remote(), batch.subList(0, 2));
    assertEquals(List.of(), remote().held(batch.get(2).id()));
  }
}
