package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /tenants/{tenantId}/readings}, {@code …/readings/batch} and {@code …/health}:
 * routes, authenticates, counts, applies the tenant's switches, then answers per the reference-rest
 * contract. Bodies and tokens are never logged.
 */
final class SandboxHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(SandboxHandler.class);
  private static final String PREFIX = "/tenants/";
  private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[0-9a-f]{64}");

  private final Map<String, SandboxTenant> tenants;
  private final SandboxJson json;
  private final Sleeper sleeper;
  private final CountDownLatch closing;
  private final AtomicLong unrouted = new AtomicLong();

  SandboxHandler(
      Map<String, SandboxTenant> tenants,
      SandboxJson json,
      Sleeper sleeper,
      CountDownLatch closing) {
    this.tenants = requireNonNull(tenants, "tenants");
    this.json = requireNonNull(json, "json");
    this.sleeper = requireNonNull(sleeper, "sleeper");
    this.closing = requireNonNull(closing, "closing");
  }

  long unrouted() {
    return unrouted.get();
  }

  @Override
  public void handle(HttpExchange exchange) {
    SandboxTenant tenant = null;
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getRawPath();
      int slash = path.startsWith(PREFIX) ? path.indexOf('/', PREFIX.length()) : -1;
      tenant = slash < 0 ? null : tenants.get(path.substring(PREFIX.length(), slash));
      Endpoint endpoint = tenant == null ? null : endpoint(path.substring(slash + 1));
      if (endpoint == null) {
        unrouted.incrementAndGet();
        send(exchange, null, 404, error("no such resource"));
      } else if (!exchange
          .getRequestMethod()
          .equals(endpoint == Endpoint.UPLOAD ? "POST" : "GET")) {
        exchange.getResponseHeaders().set("Allow", endpoint == Endpoint.UPLOAD ? "POST" : "GET");
        send(exchange, tenant, 405, error("method not allowed"));
      } else if (!tenant.authorizes(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        send(exchange, tenant, 401, error("missing or wrong bearer token"));
      } else {
        serve(exchange, tenant, endpoint, body);
      }
    } catch (BadRequestException e) {
      send(exchange, tenant, 400, error(e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drop(tenant);
    } catch (IOException | RuntimeException e) {
      log.warn("sandbox: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
      send(exchange, tenant, 500, error("sandbox failure"));
    } finally {
      // Without a response sent, this closes the connection: a dropped exchange.
      exchange.close();
    }
  }

  private static Endpoint endpoint(String rest) {
    switch (rest) {
      case "readings":
        return Endpoint.DOWNLOAD;
      case "readings/batch":
        return Endpoint.UPLOAD;
      case "health":
        return Endpoint.HEALTH;
      default:
        return null;
    }
  }

  private void serve(HttpExchange exchange, SandboxTenant tenant, Endpoint endpoint, byte[] body)
      throws InterruptedException {
    switch (endpoint) {
      case DOWNLOAD:
        download(exchange, tenant);
        break;
      case UPLOAD:
        upload(exchange, tenant, body);
        break;
      default:
        tenant.countHealth();
        Optional<Fault> fault = prepare(tenant, endpoint);
        if (!preempted(exchange, tenant, fault)) {
          send(
              exchange, tenant, 200, answerOrMalformed(fault, json.object(Map.of("status", "ok"))));
        }
    }
  }

  private void download(HttpExchange exchange, SandboxTenant tenant) throws InterruptedException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Integer limit = limit(query.get("limit"));
    tenant.countDownload(limit, Optional.ofNullable(query.get("cursor")));
    if (limit == null) {
      throw new BadRequestException("'limit' must be a positive integer");
    }
    int offset = SandboxJson.offset(query.get("cursor"));
    Optional<Fault> fault = prepare(tenant, Endpoint.DOWNLOAD);
    if (preempted(exchange, tenant, fault)) {
      return;
    }
    boolean ignoreLimit = fault.filter(Fault.IgnoreLimit.class::isInstance).isPresent();
    SandboxTenant.Page page = tenant.page(offset, ignoreLimit ? Integer.MAX_VALUE : limit);
    byte[] answer =
        json.page(page.readings(), SandboxJson.cursor(page.nextOffset()), page.hasMore());
    send(exchange, tenant, 200, answerOrMalformed(fault, answer));
  }

  private void upload(HttpExchange exchange, SandboxTenant tenant, byte[] body)
      throws InterruptedException {
    List<UploadItem> items = null;
    try {
      items = json.uploadItems(body);
    } finally {
      tenant.countUpload(body.length, items);
    }
    tenant.uploadStarted();
    try {
      answerUpload(exchange, tenant, body, items);
    } finally {
      tenant.uploadEnded();
    }
  }

  private void answerUpload(
      HttpExchange exchange, SandboxTenant tenant, byte[] body, List<UploadItem> items)
      throws InterruptedException {
    String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
    if (key == null || !IDEMPOTENCY_KEY.matcher(key).matches()) {
      throw new BadRequestException("'Idempotency-Key' must be 64 lowercase hex characters");
    }
    if (body.length > tenant.switches().maxRequestBytes()) {
      send(exchange, tenant, 413, error("the body is larger than the sandbox accepts"));
      return;
    }
    Optional<Fault> fault = prepare(tenant, Endpoint.UPLOAD, items);
    if (preempted(exchange, tenant, fault)) {
      return;
    }
    Optional<Fault.Reject> reject =
        fault.filter(Fault.Reject.class::isInstance).map(Fault.Reject.class::cast);
    SandboxTenant.UploadOutcome outcome = tenant.upload(key, sha256(body), items, reject);
    if (fault.filter(Fault.AcceptAndLoseResponse.class::isInstance).isPresent()) {
      drop(tenant);
      return;
    }
    List<UploadResult> results = outcome.results();
    if (fault.filter(Fault.WrongResultCount.class::isInstance).isPresent()) {
      results = wrongCount(results);
    }
    send(exchange, tenant, 200, answerOrMalformed(fault, json.results(results)));
  }

  /** Waits the tenant's latency, then takes the request's fault, if any. */
  private Optional<Fault> prepare(SandboxTenant tenant, Endpoint endpoint)
      throws InterruptedException {
    return prepare(tenant, endpoint, List.of());
  }

  /** As {@link #prepare(SandboxTenant, Endpoint)}, for an upload of {@code items}. */
  private Optional<Fault> prepare(SandboxTenant tenant, Endpoint endpoint, List<UploadItem> items)
      throws InterruptedException {
    Duration latency = tenant.switches().nextLatency();
    if (!latency.isZero()) {
      sleeper.sleep(latency);
    }
    Optional<Fault> fault =
        tenant
            .switches()
            .nextFault(endpoint)
            .filter(f -> !(f instanceof Fault.FailBatchesContaining c) || c.hits(items));
    fault.ifPresent(
        f -> {
          tenant.countFault();
          log.debug("sandbox tenant={} {}: injecting {}", tenant.id(), endpoint, f);
        });
    return fault;
  }

  /** Applies a fault that replaces the answer; true if the exchange is done with. */
  private boolean preempted(HttpExchange exchange, SandboxTenant tenant, Optional<Fault> fault)
      throws InterruptedException {
    if (fault.isEmpty()) {
      return false;
    }
    Fault f = fault.get();
    if (f instanceof Fault.Status) {
      Fault.Status status = (Fault.Status) f;
      status
          .retryAfter()
          .ifPresent(d -> exchange.getResponseHeaders().set("Retry-After", "" + d.toSeconds()));
      send(exchange, tenant, status.code(), error("injected HTTP " + status.code()));
      return true;
    }
    if (f instanceof Fault.FailBatchesContaining failing) {
      send(
          exchange,
          tenant,
          failing.code(),
          error("injected HTTP " + failing.code() + " for a batch holding " + failing.ids()));
      return true;
    }
    if (f instanceof Fault.Drop) {
      drop(tenant);
      return true;
    }
    if (f instanceof Fault.Hang) {
      Duration duration = ((Fault.Hang) f).duration();
      closing.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      drop(tenant);
      return true;
    }
    if (f instanceof Fault.Slow) {
      sleeper.sleep(((Fault.Slow) f).delay());
    }
    return false;
  }

  private static byte[] answerOrMalformed(Optional<Fault> fault, byte[] answer) {
    return fault.filter(Fault.MalformedJson.class::isInstance).isPresent()
        ? SandboxJson.MALFORMED
        : answer;
  }

  private static List<UploadResult> wrongCount(List<UploadResult> results) {
    if (results.isEmpty()) {
      return List.of(UploadResult.accepted("not-sent"));
    }
    return new ArrayList<>(results.subList(0, results.size() - 1));
  }

  private static void drop(SandboxTenant tenant) {
    if (tenant != null) {
      tenant.countDrop();
    }
  }

  private byte[] error(String message) {
    return json.object(Map.of("error", message));
  }

  private static void send(HttpExchange exchange, SandboxTenant tenant, int status, byte[] body) {
    // Counted first: a client that has the answer must find it in the stats.
    if (tenant != null) {
      tenant.countStatus(status);
    }
    try {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      exchange.getResponseBody().write(body);
    } catch (IOException e) {
      log.debug("sandbox: answer {} not delivered: {}", status, e.toString());
    }
  }

  private static Integer limit(String text) {
    try {
      int limit = text == null ? 0 : Integer.parseInt(text);
      return limit >= 1 ? limit : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String name = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          query.putIfAbsent(
              URLDecoder.decode(name, StandardCharsets.UTF_8),
              URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new BadRequestException("the query is not URL-encoded");
        }
      }
    }
    return query;
  }

  private static byte[] sha256(byte[] body) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
