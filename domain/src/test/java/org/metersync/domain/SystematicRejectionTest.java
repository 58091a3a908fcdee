package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SystematicRejectionTest {

  private static final String NO_FOI = "No FeatureOfInterest provided, and none can be generated.";

  @Test
  void of_wholeBatchRejectedForOneReason_isSystematicAndWhole() {
    List<PendingReading> batch = TestReadings.pending(500);

    Optional<SystematicRejection> found = SystematicRejection.of(rejecting(batch, 500, NO_FOI));

    assertEquals(Optional.of(new SystematicRejection(NO_FOI, 500, 500)), found);
    assertTrue(found.get().whole());
  }

  @Test
  void of_halfRejectedForOneReason_isSystematicNotWhole() {
    List<PendingReading> batch = TestReadings.pending(10);

    Optional<SystematicRejection> found = SystematicRejection.of(rejecting(batch, 5, "no meter"));

    assertEquals(Optional.of(new SystematicRejection("no meter", 5, 10)), found);
    assertEquals(false, found.get().whole());
  }

  @Test
  void of_lessThanHalfRejected_isNot() {
    List<PendingReading> batch = TestReadings.pending(10);

    assertEquals(Optional.empty(), SystematicRejection.of(rejecting(batch, 4, "no meter")));
  }

  @Test
  void of_allRejectedForTwoReasons_isNot() {
    List<PendingReading> batch = TestReadings.pending(4);
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    batch.forEach(r -> verdicts.put(r.id(), UploadVerdict.rejected("no meter")));
    verdicts.put(batch.get(3).id(), UploadVerdict.rejected("bad unit"));

    assertEquals(
        Optional.empty(), SystematicRejection.of(UploadOutcome.decide(batch, verdicts, 3)));
  }

  @Test
  void of_retriedAndFailedForOneReason_countsBoth() {
    List<PendingReading> batch = List.of(TestReadings.pending(1, 0), TestReadings.pending(2, 2));
    Map<ReadingId, UploadVerdict> verdicts =
        Map.of(
            batch.get(0).id(), UploadVerdict.rejected("no meter"),
            batch.get(1).id(), UploadVerdict.rejected("no meter"));

    UploadOutcome outcome = UploadOutcome.decide(batch, verdicts, 3);

    assertEquals(1, outcome.failed().size());
    assertEquals(
        Optional.of(new SystematicRejection("no meter", 2, 2)), SystematicRejection.of(outcome));
  }

  @Test
  void of_oneReadingAloneRejected_isNot() {
    List<PendingReading> batch = TestReadings.pending(1);

    assertEquals(Optional.empty(), SystematicRejection.of(rejecting(batch, 1, "meter unknown")));
  }

  @Test
  void of_nothingRejected_orBatchFailedUnchanged_isNot() {
    List<PendingReading> batch = TestReadings.pending(3);

    assertEquals(Optional.empty(), SystematicRejection.of(rejecting(batch, 0, "x")));
    assertEquals(
        Optional.empty(),
        SystematicRejection.of(UploadOutcome.batchFailed(batch, "connection refused")));
  }

  @Test
  void constructor_countsOutOfRange_refusedWithReason() {
    assertEquals(
        "rejected must be between 2 and readings (3), was 1",
        assertThrows(IllegalArgumentException.class, () -> new SystematicRejection("x", 1, 3))
            .getMessage());
    assertEquals(
        "2 of 5 readings rejected is less than half the batch",
        assertThrows(IllegalArgumentException.class, () -> new SystematicRejection("x", 2, 5))
            .getMessage());
    assertThrows(NullPointerException.class, () -> new SystematicRejection(null, 2, 2));
  }

  /** The first {@code rejected} readings rejected with {@code reason}, the rest accepted. */
  private static UploadOutcome rejecting(List<PendingReading> batch, int rejected, String reason) {
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      verdicts.put(
          batch.get(i).id(),
          i < rejected ? UploadVerdict.rejected(reason) : UploadVerdict.ACCEPTED);
    }
    return UploadOutcome.decide(batch, verdicts, 5);
  }
}
