package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import ch.qos.logback.classic.Level;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.domain.MeterReading;
import org.metersync.domain.SyncStatus;
import org.metersync.domain.SystematicRejection;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;
import org.metersync.spi.ClientSystemUnavailableException;

/**
 * A client system that turns whole batches down for one reason (a setting at fault, such as a
 * Datastream whose Thing has no Location) is loud: one warning per batch with the reason and the
 * count, the report and the listeners told, and the health check showing it until a batch goes
 * through.
 */
class UploadRejectionsTest {

  private static final TenantId T = TenantId.of("tenant-1");
  private static final TenantId OTHER = TenantId.of("tenant-2");
  private static final String NO_FOI = "No FeatureOfInterest provided, and none can be generated.";
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final FakeClientSystem client = new FakeClientSystem();
  private final UploadRejections rejections =
      new UploadRejections(Clock.fixed(NOW, ZoneOffset.UTC));
  private final ServiceHealth health = new ServiceHealth(() -> true, rejections);
  private final List<String> told = new ArrayList<>();
  private final BatchListener recorder =
      new BatchListener() {
        @Override
        public void batchDone(TenantId t, BatchOperation op, int number, int readings) {
          told.add("done " + number);
        }

        @Override
        public void uploadDecided(
            TenantId t,
            int number,
            UploadOutcome outcome,
            Optional<SystematicRejection> rejection) {
          told.add(
              "decided " + number + rejection.map(r -> " rejected " + r.rejected()).orElse(""));
        }
      };
  private final MeterReadingUploadManager manager =
      new MeterReadingUploadManager(
          T,
          new InMemoryTenantCache(db),
          db,
          db,
          client,
          5,
          BatchListener.all(rejections, recorder));

  @Test
  void wholeBatchesRejectedForOneReason_oneWarningPerBatchWithReasonAndCount() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(10));
    client.answerUploads(UploadAnswer.rejectIf(id -> true, NO_FOI));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      UploadReport report = manager.uploadReadings();

      assertEquals(
          List.of(
              "tenant=tenant-1 upload batch 1: all 4 readings rejected: " + NO_FOI,
              "tenant=tenant-1 upload batch 2: all 4 readings rejected: " + NO_FOI,
              "tenant=tenant-1 upload batch 3: all 2 readings rejected: " + NO_FOI),
          log.messages(Level.WARN));
      assertEquals(3, report.rejectedBatches());
      assertEquals(10, report.retried());
      assertEquals(0, report.accepted());
    }
    assertEquals(
        List.of(
            "decided 1 rejected 4", "done 1",
            "decided 2 rejected 4", "done 2",
            "decided 3 rejected 2", "done 3"),
        told);
  }

  @Test
  void mostOfABatchRejectedForOneReason_warnsWithTheShare() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(4));
    client.answerNextUpload(
        UploadAnswer.rejectIf(id -> !id.equals(readings(4).get(0).id()), NO_FOI));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      UploadReport report = manager.uploadReadings();

      assertEquals(
          List.of("tenant=tenant-1 upload batch 1: 3 of 4 readings rejected: " + NO_FOI),
          log.messages(Level.WARN));
      assertEquals(1, report.rejectedBatches());
      assertEquals(1, report.accepted());
    }
  }

  @Test
  void rejectionsForDifferentReasons_noWarningAndNothingOnHealth() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(4));
    List<MeterReading> batch = readings(4);
    client.answerNextUpload(
        UploadAnswer.reject(
            Map.of(
                batch.get(0).id(), "unit unknown",
                batch.get(1).id(), "meter unknown",
                batch.get(2).id(), "unit unknown",
                batch.get(3).id(), "unit unknown")));

    try (LogCapture log = LogCapture.of(MeterReadingUploadManager.class)) {
      UploadReport report = manager.uploadReadings();

      assertEquals(List.of(), log.messages(Level.WARN));
      assertEquals(0, report.rejectedBatches());
      assertEquals(4, report.retried());
    }
    assertEquals(Optional.empty(), health.systematicRejection(T));
  }

  @Test
  void health_showsTheLatestRejectionWithReasonAndTime_forItsTenantOnly() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(6));
    client.answerUploads(UploadAnswer.rejectIf(id -> true, NO_FOI));

    manager.uploadReadings();

    UploadRejections.Latest latest = health.systematicRejection(T).orElseThrow();
    assertEquals(new SystematicRejection(NO_FOI, 2, 2), latest.rejection());
    assertEquals(2, latest.batchNumber());
    assertEquals(NOW, latest.at());
    assertEquals(Optional.empty(), health.systematicRejection(OTHER));
  }

  @Test
  void health_clearedWhenALaterBatchGoesThrough() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(4));
    client.answerNextUpload(UploadAnswer.rejectIf(id -> true, NO_FOI));
    manager.uploadReadings();
    assertTrue(health.systematicRejection(T).isPresent(), "shown after the rejection");

    manager.uploadReadings();

    assertEquals(Optional.empty(), health.systematicRejection(T));
    assertEquals(4, db.readings(T, SyncStatus.SYNCHRONIZED).size());
  }

  @Test
  void health_keptWhenALaterBatchFailsAsAWhole() {
    db.addTenant(T, 1000, 4);
    db.addLocalReadings(T, readings(4));
    client.answerNextUpload(UploadAnswer.rejectIf(id -> true, NO_FOI));
    manager.uploadReadings();
    client
        .answerUploads(UploadAnswer.fail(new ClientSystemUnavailableException("timeout", null)))
        .unreachable(new ClientSystemUnavailableException("down", null));

    UploadReport failed = manager.uploadReadings();

    assertTrue(failed.failure().isPresent());
    assertEquals(NO_FOI, health.systematicRejection(T).orElseThrow().rejection().reason());
  }
}
