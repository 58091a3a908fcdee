package org.metersync.bench;

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A reference-rest client system on 127.0.0.1 for the benchmark: it answers at once and keeps only
 * counters. Uploads are parsed as a stream and every reading is answered {@code accepted}; each
 * tenant's download feed is {@link BenchReadings} 1..N, made while the answer is written, with the
 * offset as cursor. Nothing is stored, so a backlog of millions costs it no memory.
 */
final class LoopbackClientSystem implements AutoCloseable {

  private static final String NO_DELAY = "sun.net.httpserver.nodelay";
  private static final String IDLE_SECONDS = "sun.net.httpserver.idleInterval";
  private static final String PREFIX = "/t/";
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
  private final HttpServer server;
  private final ExecutorService executor;

  private LoopbackClientSystem(String token) throws IOException {
    this.token = token;
    AtomicInteger threads = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            2,
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
    try {
      return new LoopbackClientSystem(token);
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

  /** Forgets {@code tenant}'s feed. */
  void forget(String tenant) {
    feeds.remove(tenant);
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
      try {
        route(exchange);
      } catch (RuntimeException e) {
        answer(exchange, 400, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
    int slash = path.indexOf('/');
    if (slash < 1) {
      answer(exchange, 404, new byte[0]);
      return;
    }
    if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      answer(exchange, 401, new byte[0]);
      return;
    }
    String tenant = path.substring(0, slash);
    switch (exchange.getRequestMethod() + " " + path.substring(slash + 1)) {
      case "POST readings/batch" -> answer(exchange, 200, upload(exchange.getRequestBody()));
      case "GET readings" ->
          answer(exchange, 200, readings(tenant, exchange.getRequestURI().getRawQuery()));
      case "GET health" -> answer(exchange, 200, HEALTHY);
      default -> answer(exchange, 404, new byte[0]);
    }
  }

  /** One {@code accepted} per reading, in request order. */
  private byte[] upload(InputStream body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
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
          readingsReceived.increment();
        }
      }
      results.writeEndArray();
      results.writeEndObject();
    }
    return out.toByteArray();
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
  private byte[] readings(String tenant, String query) throws IOException {
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
    readingsServed.add(Math.max(0, end - offset));
    return out.toByteArray();
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

  private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
