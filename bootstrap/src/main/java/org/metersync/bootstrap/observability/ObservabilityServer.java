package org.metersync.bootstrap.observability;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.metersync.application.ServiceHealth;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} (database reachable, loop alive, each tenant's last outcome, whether it is
 * enabled or cannot be made, its latest systematic rejection, and its lag; 200 when the database
 * and the loop are fine, 503 otherwise: {@link HealthCheck}) and {@code GET /metrics} (Prometheus
 * text).
 */
public final class ObservabilityServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ObservabilityServer.class);

  private final HttpServer server;
  private final HealthCheck health;
  private final PrometheusMeterRegistry registry;
  private final Runnable beforeScrape;
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
    this.health = new HealthCheck(health, loop, lag, json);
    this.registry = requireNonNull(registry, "registry");
    this.beforeScrape = requireNonNull(beforeScrape, "beforeScrape");
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
    HealthCheck.Answer answer = health.answer();
    respond(
        exchange,
        answer.status(),
        "application/json",
        json.writerWithDefaultPrettyPrinter().writeValueAsString(answer.body()));
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
