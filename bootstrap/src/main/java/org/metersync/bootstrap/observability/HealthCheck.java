package org.metersync.bootstrap.observability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.metersync.application.ServiceHealth;
import org.metersync.application.UploadRejections;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code GET /health} answers: 200 with {@code "status": "UP"} when the database answers and
 * the loop is not stopped, 503 otherwise, and each tenant's place in the loop.
 */
final class HealthCheck {

  private static final Logger log = LoggerFactory.getLogger(HealthCheck.class);

  /** The status code and the JSON body. */
  record Answer(int status, ObjectNode body) {}

  private final ServiceHealth health;
  private final Supplier<? extends LoopView> loop;
  private final Supplier<List<TenantLag>> lag;
  private final ObjectMapper json;

  HealthCheck(
      ServiceHealth health,
      Supplier<? extends LoopView> loop,
      Supplier<List<TenantLag>> lag,
      ObjectMapper json) {
    this.health = requireNonNull(health, "health");
    this.loop = requireNonNull(loop, "loop");
    this.lag = requireNonNull(lag, "lag");
    this.json = requireNonNull(json, "json");
  }

  Answer answer() {
    boolean databaseUp = health.databaseReachable();
    LoopView current = loop.get();
    LoopState loopState = current == null ? LoopState.STOPPED : current.state();
    // A loop switched off on purpose (enableAutoSync=false) is not a fault.
    boolean loopFine = loopState != LoopState.STOPPED;
    boolean up = databaseUp && loopFine;
    ObjectNode body = json.createObjectNode();
    body.put("status", up ? "UP" : "DOWN");
    body.putObject("database").put("reachable", databaseUp);
    ObjectNode loopNode =
        body.putObject("loop")
            .put("alive", loopState == LoopState.RUNNING)
            .put("state", loopState.code());
    if (current != null) {
      loopNode.put("instances", current.instances());
    }
    ObjectNode tenants = body.putObject("tenants");
    if (current != null) {
      Map<TenantId, TenantLag> lags = databaseUp ? lagByTenant() : Map.of();
      for (TenantStatus status : current.status()) {
        tenant(tenants.putObject(status.tenantId().value()), status, lags.get(status.tenantId()));
      }
    }
    return new Answer(up ? 200 : 503, body);
  }

  private void tenant(ObjectNode tenant, TenantStatus status, TenantLag figures) {
    tenant.put("enabled", status.enabled());
    tenant.put("syncedHere", status.syncedHere());
    tenant.put("running", status.running());
    status.problem().ifPresent(problem -> tenant.put("problem", problem));
    tenant.put("lastOutcome", status.lastOutcome().code());
    tenant.put("reachable", status.reachable());
    tenant.put("consecutiveFailures", status.consecutiveFailures());
    status.lastCycleAt().ifPresent(at -> tenant.put("lastCycleAt", at.toString()));
    status.lastError().ifPresent(error -> tenant.put("lastError", error));
    status.nextRunAt().ifPresent(at -> tenant.put("nextRunAt", at.toString()));
    health
        .systematicRejection(status.tenantId())
        .ifPresent(latest -> systematicRejection(tenant.putObject("systematicRejection"), latest));
    if (figures != null) {
      tenant.put("oldestPendingAgeSeconds", figures.oldestPendingAge().toSeconds());
      figures
          .lastSuccessfulUpload()
          .ifPresent(at -> tenant.put("lastSuccessfulUploadAt", at.toString()));
      figures
          .lastSuccessfulDownload()
          .ifPresent(at -> tenant.put("lastSuccessfulDownloadAt", at.toString()));
    }
  }

  private static void systematicRejection(ObjectNode node, UploadRejections.Latest latest) {
    node.put("reason", latest.rejection().reason());
    node.put("rejected", latest.rejection().rejected());
    node.put("readings", latest.rejection().readings());
    node.put("batch", latest.batchNumber());
    node.put("at", latest.at().toString());
  }

  /** The lag figures by tenant; none if the database does not answer (health still does). */
  private Map<TenantId, TenantLag> lagByTenant() {
    try {
      return lag.get().stream().collect(Collectors.toMap(TenantLag::id, Function.identity()));
    } catch (RuntimeException e) {
      log.warn("could not read the tenants' lag for /health: {}", e.getMessage());
      return Map.of();
    }
  }
}
