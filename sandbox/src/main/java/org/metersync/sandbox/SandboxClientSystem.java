package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client system for demos and tests: a real HTTP server on 127.0.0.1 speaking the reference-rest
 * contract ({@code docs/client-system-api.md}) for several tenants, each under {@link
 * #baseUrl(String)} with its own bearer token, held readings, download feed, counters ({@link
 * #stats(String)}) and fault switches ({@link #switches(String)}).
 *
 * <p>Readings are held by id: a known id with identical data is answered {@code already_present},
 * with different data it is updated and answered {@code accepted}. An upload whose {@code
 * Idempotency-Key} and body equal an earlier one is answered from memory (the last {@code
 * idempotencyCapacity} keys per tenant), applying nothing; the same key with another body (a local
 * edit) is processed afresh, and an answer with rejections is not remembered, so a re-send is
 * judged again. The feed is separate from the held readings: uploads never appear in downloads.
 *
 * <p>Requests are handled in this order: route ({@code 404}, {@code 405}), token ({@code 401}),
 * request checks ({@code 400}, {@code 413} over {@link SandboxSwitches#maxRequestBytes}), latency,
 * then at most one fault. Counters are updated before the answer is written.
 *
 * <pre>{@code
 * try (SandboxClientSystem sandbox =
 *     SandboxClientSystem.builder().tenant("acme", token).seed(42).build().start()) {
 *   sandbox.generateDownloadable("acme", 250);
 *   sandbox.switches("acme").failNext(1, Fault.serviceUnavailable(), Endpoint.UPLOAD);
 *   String baseUrl = sandbox.baseUrl("acme"); // http://127.0.0.1:PORT/tenants/acme/
 * }
 * }</pre>
 */
public final class SandboxClientSystem implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SandboxClientSystem.class);
  private static final byte[] LOOPBACK = {127, 0, 0, 1};
  private static final int BACKLOG = 128;
  private static final String NO_DELAY = "sun.net.httpserver.nodelay";

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm and the client's
    // delayed ACK every answer would wait ~40 ms. Read once, when the JVM's first server starts.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
  }

  private final Map<String, SandboxTenant> tenants = new ConcurrentHashMap<>();
  private final SandboxJson json = new SandboxJson();
  private final RandomGenerator random;
  private final int idempotencyCapacity;
  private final int requestedPort;
  private final int threads;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final SandboxHandler handler;
  private HttpServer server;
  private ExecutorService executor;
  private boolean closed;

  private SandboxClientSystem(Builder builder) {
    this.random = new LockedRandom(builder.random);
    this.idempotencyCapacity = builder.idempotencyCapacity;
    this.requestedPort = builder.port;
    this.threads = builder.threads;
    this.handler = new SandboxHandler(tenants, json, builder.sleeper, closing);
    builder.tokens.forEach(this::addTenant);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Binds to 127.0.0.1 and starts serving; once only. */
  public synchronized SandboxClientSystem start() {
    if (server != null || closed) {
      throw new IllegalStateException("the sandbox can be started once only");
    }
    try {
      server =
          HttpServer.create(
              new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), requestedPort), BACKLOG);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the sandbox to 127.0.0.1:" + requestedPort, e);
    }
    executor = Executors.newFixedThreadPool(threads, new DaemonThreads());
    server.setExecutor(executor);
    server.createContext("/", handler);
    server.start();
    log.info("sandbox client system listening on {} for tenants {}", baseUrl(), tenantIds());
    return this;
  }

  /** Stops serving; hanging requests are released at once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    if (server != null) {
      server.stop(0);
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      log.info("sandbox client system on port {} closed", port());
    }
  }

  /** The bound address, always 127.0.0.1. */
  public synchronized InetSocketAddress address() {
    if (server == null) {
      throw new IllegalStateException("the sandbox is not started");
    }
    return server.getAddress();
  }

  /** The bound port. */
  public int port() {
    return address().getPort();
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** A tenant's base URL, {@code http://127.0.0.1:PORT/tenants/TENANT/}, for its settings. */
  public String baseUrl(String tenantId) {
    return baseUrl() + "tenants/" + tenant(tenantId).id() + "/";
  }

  /** Adds a tenant, also while serving; its token is never logged. */
  public void addTenant(String tenantId, String token) {
    SandboxTenant tenant =
        new SandboxTenant(tenantId, token, new SandboxSwitches(random), idempotencyCapacity);
    if (tenants.putIfAbsent(tenant.id(), tenant) != null) {
      throw new IllegalArgumentException("tenant " + tenantId + " exists already");
    }
  }

  public Set<String> tenantIds() {
    return Set.copyOf(tenants.keySet());
  }

  /** Appends readings to the tenant's download feed, in order. */
  public void addDownloadable(String tenantId, List<SandboxReading> readings) {
    List<JsonNode> nodes = new ArrayList<>(readings.size());
    readings.forEach(reading -> nodes.add(json.node(reading)));
    tenant(tenantId).addToFeed(nodes);
  }

  /**
   * Appends readings given as JSON text, kept as written: a way to offer malformed readings (a
   * value as a string, a missing id); the text itself must be JSON.
   */
  public void addDownloadableJson(String tenantId, List<String> readingsJson) {
    List<JsonNode> nodes = new ArrayList<>(readingsJson.size());
    readingsJson.forEach(text -> nodes.add(json.raw(text)));
    tenant(tenantId).addToFeed(nodes);
  }

  /**
   * Appends {@code count} generated readings ({@link SandboxReading#generate}, ids {@code
   * TENANT-feed-N} numbered on from earlier calls) to the feed and returns them.
   */
  public List<SandboxReading> generateDownloadable(String tenantId, int count) {
    List<SandboxReading> readings = tenant(tenantId).generate(count);
    addDownloadable(tenantId, readings);
    return readings;
  }

  /** The number of readings in the tenant's feed. */
  public int downloadableCount(String tenantId) {
    return tenant(tenantId).feedSize();
  }

  /** The tenant's held reading with this id. */
  public Optional<SandboxReading> heldReading(String tenantId, String readingId) {
    return tenant(tenantId).held(readingId);
  }

  /** The tenant's held readings, in the order they were first stored. */
  public List<SandboxReading> heldReadings(String tenantId) {
    return tenant(tenantId).held();
  }

  /** How many authenticated, well-formed upload requests carried this id (faulted ones too). */
  public int timesReceived(String tenantId, String readingId) {
    return tenant(tenantId).timesReceived(readingId);
  }

  /**
   * Upload requests of the tenant being handled right now: received in full, not yet answered (in
   * latency, a hang, or being applied).
   */
  public int uploadsInFlight(String tenantId) {
    return tenant(tenantId).uploadsInFlight();
  }

  /** The most upload requests of the tenant ever handled at the same time. */
  public int maxConcurrentUploads(String tenantId) {
    return tenant(tenantId).maxConcurrentUploads();
  }

  /**
   * The {@code cursor} each authenticated download request of the tenant carried (empty where it
   * had none), in arrival order: what a client sent, checked as such.
   */
  public List<Optional<String>> downloadCursors(String tenantId) {
    return tenant(tenantId).downloadCursors();
  }

  /** The tenant's switches, to change its behaviour while serving. */
  public SandboxSwitches switches(String tenantId) {
    return tenant(tenantId).switches();
  }

  public Stats stats(String tenantId) {
    return tenant(tenantId).stats();
  }

  /** All tenants' stats summed. */
  public Stats totals() {
    Stats totals = Stats.EMPTY;
    for (SandboxTenant tenant : tenants.values()) {
      totals = totals.plus(tenant.stats());
    }
    return totals;
  }

  /** Requests for an unknown tenant or path, answered {@code 404}. */
  public long unroutedRequests() {
    return handler.unrouted();
  }

  private SandboxTenant tenant(String tenantId) {
    SandboxTenant tenant = tenants.get(requireNonNull(tenantId, "tenantId"));
    if (tenant == null) {
      throw new IllegalArgumentException("the sandbox has no tenant " + tenantId);
    }
    return tenant;
  }

  /** Options for a {@link SandboxClientSystem}; every one has a default. */
  public static final class Builder {

    private final Map<String, String> tokens = new LinkedHashMap<>();
    private RandomGenerator random = new SplittableRandom();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private int idempotencyCapacity = 10_000;
    private int port;
    private int threads = 32;

    private Builder() {}

    /** A tenant with its bearer token. */
    public Builder tenant(String tenantId, String token) {
      requireNonNull(tenantId, "tenantId");
      requireNonNull(token, "token");
      if (tokens.putIfAbsent(tenantId, token) != null) {
        throw new IllegalArgumentException("tenant " + tenantId + " given twice");
      }
      return this;
    }

    /** The port on 127.0.0.1; 0 (default) for any free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be 0-65535: " + port);
      }
      this.port = port;
      return this;
    }

    /** Threads handling requests (default 32); a hanging request holds one. */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** The source of every random choice (error rate, latency range); shared by all tenants. */
    public Builder random(RandomGenerator random) {
      this.random = requireNonNull(random, "random");
      return this;
    }

    /** Reproducible randomness: {@code random(new SplittableRandom(seed))}. */
    public Builder seed(long seed) {
      return random(new SplittableRandom(seed));
    }

    /** How latency and slow answers wait (default: really sleeping). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** Upload answers remembered per tenant for idempotent replay (default 10000). */
    public Builder idempotencyCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("idempotencyCapacity must be positive: " + capacity);
      }
      this.idempotencyCapacity = capacity;
      return this;
    }

    /** The sandbox, not yet started. */
    public SandboxClientSystem build() {
      return new SandboxClientSystem(this);
    }

    /** Builds and starts the sandbox. */
    public SandboxClientSystem start() {
      return build().start();
    }
  }

  private static final class DaemonThreads implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "sandbox-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
