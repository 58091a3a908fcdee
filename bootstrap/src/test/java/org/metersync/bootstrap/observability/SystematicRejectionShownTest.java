package org.metersync.bootstrap.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.metersync.application.fakes.TestReadings.readings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.ServiceHealth;
import org.metersync.application.StatementCounts;
import org.metersync.application.UploadRejections;
import org.metersync.application.fakes.FakeClientSystem;
import org.metersync.application.fakes.FakeClientSystem.UploadAnswer;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.fakes.LogCapture;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/**
 * A client system that rejects whole batches for one reason shows on {@code /metrics} (a counter
 * per tenant, from 0) and on {@code /health} (the reason and when, until a batch goes through).
 */
class SystematicRejectionShownTest {

  private static final TenantId T = TenantId.of("tenant-1");
  private static final String NO_FOI = "No FeatureOfInterest provided, and none can be generated.";
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Pattern COUNTER =
      Pattern.compile(
          "(?m)^metersync_upload_rejected_batches_total\\{tenant=\"tenant-1\"} (\\S+)$");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase();
  private final FakeClientSystem client = new FakeClientSystem();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SyncMetrics metrics =
      new SyncMetrics(registry, new StatementCounts(new StatementCounter()));
  private final UploadRejections rejections =
      new UploadRejections(Clock.fixed(NOW, ZoneOffset.UTC));
  private final HealthCheck health =
      new HealthCheck(
          new ServiceHealth(() -> true, rejections), () -> loop(), List::of, new ObjectMapper());
  private final MeterReadingUploadManager manager =
      new MeterReadingUploadManager(
          T,
          new InMemoryTenantCache(db),
          db,
          db,
          client,
          5,
          BatchListener.all(metrics, rejections));

  @Test
  void counter_fromZero_oneIncrementPerBatchRejectedForOneReason() throws Exception {
    metrics.register(T);
    assertEquals(Optional.of(0.0), rejectedBatches(), "registered with the tenant");
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(5));
    client.answerNextUpload(UploadAnswer.rejectIf(id -> true, NO_FOI));
    client.answerNextUpload(UploadAnswer.rejectIf(id -> true, NO_FOI));

    try (AutoCloseable quiet = LogCapture.silence()) {
      manager.uploadReadings();
      assertEquals(Optional.of(2.0), rejectedBatches());

      manager.uploadReadings();
    }
    assertEquals(Optional.of(2.0), rejectedBatches(), "accepted batches count nothing");
  }

  @Test
  void health_showsReasonCountsAndTime_untilABatchGoesThrough() throws Exception {
    db.addTenant(T, 1000, 3);
    db.addLocalReadings(T, readings(3));
    client.answerNextUpload(UploadAnswer.rejectIf(id -> true, NO_FOI));

    try (AutoCloseable quiet = LogCapture.silence()) {
      manager.uploadReadings();
      JsonNode shown = tenant().path("systematicRejection");
      assertEquals(NO_FOI, shown.path("reason").asText());
      assertEquals(3, shown.path("rejected").asInt());
      assertEquals(3, shown.path("readings").asInt());
      assertEquals(1, shown.path("batch").asInt());
      assertEquals(NOW.toString(), shown.path("at").asText());

      manager.uploadReadings();
    }
    assertFalse(tenant().has("systematicRejection"), tenant().toString());
    assertTrue(tenant().has("lastOutcome"), "the rest of the tenant is still there");
  }

  private JsonNode tenant() {
    HealthCheck.Answer answer = health.answer();
    assertEquals(200, answer.status());
    return answer.body().path("tenants").path(T.value());
  }

  private Optional<Double> rejectedBatches() {
    Matcher m = COUNTER.matcher(registry.scrape());
    return m.find() ? Optional.of(Double.parseDouble(m.group(1))) : Optional.empty();
  }

  private static LoopView loop() {
    return new LoopView() {
      @Override
      public LoopState state() {
        return LoopState.RUNNING;
      }

      @Override
      public int instances() {
        return 1;
      }

      @Override
      public List<TenantStatus> status() {
        return List.of(
            new TenantStatus(
                T,
                CycleOutcome.OK,
                Optional.empty(),
                Optional.empty(),
                true,
                0,
                Optional.empty(),
                true,
                Optional.empty(),
                true,
                false));
      }
    };
  }
}
