package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * A reference-rest client system on 127.0.0.1 for the benchmark: it answers at once and keeps only
 * counters. Uploads are parsed as a stream and every reading is answered {@code accepted}; each
 * tenant's download feed is {@link BenchReadings} 1..N, made while the answer is written, with the
 * offset as cursor. Nothing is stored, so a backlog of millions costs it no memory.
 *
 * <p>A tenant {@linkplain #charge charged} a {@link RemoteCost} is remote-bound instead: its
 * requests are handled one at a time, and each is held until its cost is spent before it is
 * answered, as a server that works on one tenant's requests in turn would hold it.
 */
final class LoopbackClientSystem implements AutoCloseable {

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String IDLE_SECONDS = "sun.net.httpserver.idleInterval";
  private static final String PREFIX = "/t/";
  private static final int THREADS = 4;
  private static final byte[] HEALTHY = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);

  static {
    // Read once, when the JVM's first JDK server starts. The server writes headers and body
    // separately; without TCP_NODELAY the client's delayed ACK holds every answer ~40 ms. It closes
    // connections idle for 30 s, and a scenario's setup (a million rows) can take longer: the next
    // GET would then fail on OkHttp's pooled connection, which is not what is measured here.
    if (System.getProperty(NO_DELAY) == null) {
      System.setProperty(NO_DELAY, "true");
    }
    if (System.getProperty(IDLE_SECONDS) == null) {
      System.setProperty(IDLE_SECONDS, "3600");
    }
  }

  private final JsonFactory json = new JsonFactory();
  private final String token;
  private final Map<String, Long> feeds = new ConcurrentHashMap<>();
  private final LongAdder requests = new LongAdder();
  private final LongAdder readingsReceived = new LongAdder();
  private final LongAdder readingsServed = new LongAdder();
  private final Map<String, Remote> remotes = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final Pacer pacer;
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackClientSystem(String token, LongSupplier clock, Pacer pacer) throws IOException {
    this.token = token;
    this.clock = clock;
    this.pacer = pacer;
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "bench-client-system-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.createContext(PREFIX, this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a server that wants {@code Authorization: Bearer token} on every request. */
  static LoopbackClientSystem start(String token) {
    return start(token, System::nanoTime, Pacer.PARKING);
  }

  /** As {@link #start(String)}, spending remote costs by {@code clock} and {@code pacer}. */
  static LoopbackClientSystem start(String token, LongSupplier clock, Pacer pacer) {
    try {
      return new LoopbackClientSystem(
          token, requireNonNull(clock, "clock"), requireNonNull(pacer, "pacer"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the loopback client system", e);
    }
  }

  /** The base URL of {@code tenant}'s client system. */
  String baseUrl(String tenant) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX + tenant + "/";
  }

  /** Offers {@code count} readings to {@code tenant}'s downloads, from the start of the feed. */
  void offer(String tenant, long count) {
    feeds.put(tenant, count);
  }

  /** Makes {@code tenant} remote-bound: one request at a time, each costing {@code cost}. */
  void charge(String tenant, RemoteCost cost) {
    remotes.put(requireNonNull(tenant, "tenant"), new Remote(requireNonNull(cost, "cost")));
  }

  /** Forgets {@code tenant}'s feed and cost. */
  void forget(String tenant) {
    feeds.remove(tenant);
    remotes.remove(tenant);
  }

  /**
   * How long the remote-bound {@code tenant}'s requests were handled, from taking their turn to the
   * answer written, in nanoseconds; 0 for a tenant not charged. Waits for the turn, so that a
   * request whose answer the caller already has is counted in full.
   */
  long busyNanos(String tenant) {
    Remote remote = remotes.get(tenant);
    if (remote == null) {
      return 0;
    }
    remote.turn.acquireUninterruptibly();
    try {
      return remote.busyNanos.sum();
    } finally {
      remote.turn.release();
    }
  }

  /** Requests of the remote-bound {@code tenant} waiting for their turn. */
  int waiting(String tenant) {
    Remote remote = remotes.get(tenant);
    return remote == null ? 0 : remote.turn.getQueueLength();
  }

  /** HTTP requests answered so far, every tenant and endpoint. */
  long requests() {
    return requests.sum();
  }

  long readingsReceived() {
    return readingsReceived.sum();
  }

  long readingsServed() {
    return readingsServed.sum();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.increment();
      String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
      int slash = path.indexOf('/');
      if (slash < 1) {
        write(exchange, new Answer(404, new byte[0], 0));
        return;
      }
      String tenant = path.substring(0, slash);
      Remote remote = remotes.get(tenant);
      if (remote == null) {
        write(exchange, answer(exchange, tenant, path.substring(slash + 1)));
        return;
      }
      remote.handle(exchange, () -> answer(exchange, tenant, path.substring(slash + 1)));
    }
  }

  /** The answer to one request, or a 400 naming what was wrong with it. */
  private Answer answer(HttpExchange exchange, String tenant, String endpoint) throws IOException {
    try {
      return route(exchange, tenant, endpoint);
    } catch (RuntimeException e) {
      return new Answer(400, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8), 0);
    }
  }

  private Answer route(HttpExchange exchange, String tenant, String endpoint) throws IOException {
    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      return new Answer(401, new byte[0], 0);
    }
    return switch (exchange.getRequestMethod() + " " + endpoint) {
      case "POST readings/batch" -> upload(exchange.getRequestBody());
      case "GET readings" -> readings(tenant, exchange.getRequestURI().getRawQuery());
      case "GET health" -> new Answer(200, HEALTHY, 0);
      default -> new Answer(404, new byte[0], 0);
    };
  }

  /** One {@code accepted} per reading, in request order. */
  private Answer upload(InputStream body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    int received = 0;
    try (JsonParser in = json.createParser(body);
        JsonGenerator results = json.createGenerator(out, JsonEncoding.UTF8)) {
      results.writeStartObject();
      results.writeArrayFieldStart("results");
      expect(in.nextToken(), JsonToken.START_OBJECT);
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        if (!"readings".equals(in.currentName())) {
          in.nextToken();
          in.skipChildren();
          continue;
        }
        expect(in.nextToken(), JsonToken.START_ARRAY);
        while (in.nextToken() == JsonToken.START_OBJECT) {
          results.writeStartObject();
          results.writeStringField("id", readingId(in));
          results.writeStringField("status", "accepted");
          results.writeEndObject();
          received++;
        }
      }
      results.writeEndArray();
      results.writeEndObject();
    }
    readingsReceived.add(received);
    return new Answer(200, out.toByteArray(), received);
  }

  private static String readingId(JsonParser in) throws IOException {
    String id = null;
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String field = in.currentName();
      in.nextToken();
      if ("id".equals(field)) {
        id = in.getText();
      } else {
        in.skipChildren();
      }
    }
    if (id == null) {
      throw new IllegalArgumentException("a reading without id");
    }
    return id;
  }

  private static void expect(JsonToken actual, JsonToken expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("expected " + expected + ", found " + actual);
    }
  }

  /** A page of the tenant's feed after the cursor (an offset). */
  private Answer readings(String tenant, String query) throws IOException {
    Map<String, String> parameters = parameters(query);
    long total = feeds.getOrDefault(tenant, 0L);
    long offset = Long.parseLong(parameters.getOrDefault("cursor", "0"));
    int limit = Integer.parseInt(parameters.getOrDefault("limit", "100"));
    long end = Math.min(total, offset + limit);
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator page = json.createGenerator(out, JsonEncoding.UTF8)) {
      page.writeStartObject();
      page.writeArrayFieldStart("readings");
      for (long n = offset + 1; n <= end; n++) {
        page.writeStartObject();
        page.writeStringField("id", BenchReadings.id(n));
        page.writeStringField("meterId", BenchReadings.meterId(n));
        page.writeStringField("takenAt", BenchReadings.takenAt(n).toString());
        page.writeFieldName("value");
        page.writeNumber(BenchReadings.value(n));
        page.writeStringField("unit", BenchReadings.UNIT);
        page.writeEndObject();
      }
      page.writeEndArray();
      page.writeStringField("nextCursor", Long.toString(Math.max(offset, end)));
      page.writeBooleanField("hasMore", end < total);
      page.writeEndObject();
    }
    int served = (int) Math.max(0, end - offset);
    readingsServed.add(served);
    return new Answer(200, out.toByteArray(), served);
  }

  private static Map<String, String> parameters(String query) {
    Map<String, String> parameters = new ConcurrentHashMap<>();
    if (query == null) {
      return parameters;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        parameters.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return parameters;
  }

  private static void write(HttpExchange exchange, Answer answer) throws IOException {
    byte[] body = answer.body();
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** An answer, and the readings it carried (uploaded or served) for the remote cost. */
  private record Answer(int status, byte[] body, int readings) {}

  /** Makes an answer. */
  @FunctionalInterface
  private interface AnswerMaker {
    Answer make() throws IOException;
  }

  /** Spends a remote request's cost: returns at {@code deadline} (of the server's clock). */
  @FunctionalInterface
  interface Pacer {

    void waitUntil(long deadlineNanos);

    /** Parks the handling thread until the deadline of {@link System#nanoTime()}. */
    Pacer PARKING =
        deadline -> {
          long left;
          while ((left = deadline - System.nanoTime()) > 0
              && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(left);
          }
        };
  }

  /** A remote-bound tenant: one request at a time (in arrival order), each held for its cost. */
  private final class Remote {

    private final RemoteCost cost;
    private final Semaphore turn = new Semaphore(1, true);
    private final LongAdder busyNanos = new LongAdder();

    Remote(RemoteCost cost) {
      this.cost = cost;
    }

    /** Waits for the tenant's turn, makes the answer, spends the cost, then answers. */
    void handle(HttpExchange exchange, AnswerMaker maker) throws IOException {
      try {
        turn.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("the loopback client system is stopping", e);
      }
      long start = clock.getAsLong();
      try {
        Answer answer = maker.make();
        pacer.waitUntil(start + cost.nanos(answer.readings()));
        write(exchange, answer);
      } finally {
        busyNanos.add(clock.getAsLong() - start);
        turn.release();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
