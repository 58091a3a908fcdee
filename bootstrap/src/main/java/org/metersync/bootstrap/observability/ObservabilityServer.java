package org.metersync.bootstrap.observability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.metersync.application.ServiceHealth;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} (database reachable, loop alive, each tenant's last outcome, whether it is
 * enabled or cannot be made, and its lag; 200 when the database and the loop are fine, 503
 * otherwise) and {@code GET /metrics} (Prometheus text).
 */
public final class ObservabilityServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ObservabilityServer.class);

  private final HttpServer server;
  private final ServiceHealth health;
  private final Supplier<? extends LoopView> loop;
  private final PrometheusMeterRegistry registry;
  private final Runnable beforeScrape;
  private final Supplier<List<TenantLag>> lag;
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param beforeScrape brings the gauges up to date before each scrape
   * @param lag every tenant's lag figures, read from the sync database for {@code /health}
   */
  public ObservabilityServer(
      int port,
      ServiceHealth health,
      Supplier<? extends LoopView> loop,
      PrometheusMeterRegistry registry,
      Runnable beforeScrape,
      Supplier<List<TenantLag>> lag) {
    this.health = requireNonNull(health, "health");
    this.loop = requireNonNull(loop, "loop");
    this.registry = requireNonNull(registry, "registry");
    this.beforeScrape = requireNonNull(beforeScrape, "beforeScrape");
    this.lag = requireNonNull(lag, "lag");
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on port " + port + " (server.port)", e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2, daemon()));
    server.createContext("/health", this::health);
    server.createContext("/metrics", this::metrics);
  }

  public ObservabilityServer start() {
    server.start();
    log.info("health and metrics on http://localhost:{}/health and /metrics", port());
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange exchange) throws IOException {
    if (!"GET".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "text/plain", "only GET");
      return;
    }
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
        ObjectNode tenant = tenants.putObject(status.tenantId().value());
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
        TenantLag figures = lags.get(status.tenantId());
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
    }
    respond(
        exchange,
        up ? 200 : 503,
        "application/json",
        json.writerWithDefaultPrettyPrinter().writeValueAsString(body));
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

  private void metrics(HttpExchange exchange) throws IOException {
    try {
      beforeScrape.run();
    } catch (RuntimeException e) {
      log.warn("could not refresh the backlog and lag gauges: {}", e.getMessage());
    }
    respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
  }

  private static void respond(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    return runnable -> {
      Thread thread = new Thread(runnable, "observability-http");
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
