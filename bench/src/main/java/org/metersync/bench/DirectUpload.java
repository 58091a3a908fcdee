package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The remote-bound yardstick: the same batches POSTed straight to the loopback client system, one
 * request after the other on one connection, with no database: what the client system ingests when
 * nothing else makes it wait. The bodies are written before the clock starts, in the shape the
 * reference-rest adapter writes, from the readings {@code BenchDatabase.insertPending} makes.
 */
final class DirectUpload {

  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private final JsonFactory json = new JsonFactory();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** One request of the yardstick: its body and the readings in it. */
  record Request(byte[] body, String idempotencyKey, int readings) {

    Request {
      requireNonNull(body, "body");
      requireNonNull(idempotencyKey, "idempotencyKey");
    }
  }

  /** Readings 1..{@code readings} in requests of at most {@code batch}, in order. */
  List<Request> requests(int readings, int batch) {
    if (readings < 1 || batch < 1) {
      throw new IllegalArgumentException("readings and batch must be positive: " + readings);
    }
    List<Request> requests = new ArrayList<>(readings / batch + 1);
    for (int first = 1; first <= readings; first += batch) {
      int last = Math.min(readings, first + batch - 1);
      byte[] body = body(first, last);
      requests.add(new Request(body, sha256(body), last - first + 1));
    }
    return requests;
  }

  /** What a direct upload did: readings accepted, and each request's time from send to answer. */
  record Sent(long accepted, long[] requestNanos) {

    Sent {
      requestNanos = requestNanos.clone();
    }

    StatementTimes.Timings requests() {
      return StatementTimes.Timings.ofNanos(requestNanos);
    }
  }

  /**
   * Sends the requests to {@code baseUrl}'s batch endpoint one after the other; an answer other
   * than 200 with one accepted result per reading is an error.
   */
  Sent send(String baseUrl, String token, List<Request> requests) {
    URI uri = URI.create(baseUrl + "readings/batch");
    long accepted = 0;
    long[] nanos = new long[requests.size()];
    int i = 0;
    for (Request request : requests) {
      long start = System.nanoTime();
      HttpResponse<byte[]> answer = post(uri, token, request);
      if (answer.statusCode() != 200) {
        throw new IllegalStateException(
            "the direct upload got " + answer.statusCode() + " from " + uri);
      }
      int results = accepted(answer.body());
      if (results != request.readings()) {
        throw new IllegalStateException(
            "the direct upload sent " + request.readings() + " readings, " + results + " accepted");
      }
      nanos[i++] = System.nanoTime() - start;
      accepted += results;
    }
    return new Sent(accepted, nanos);
  }

  private HttpResponse<byte[]> post(URI uri, String token, Request request) {
    HttpRequest post =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("Idempotency-Key", request.idempotencyKey())
            .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()))
            .build();
    try {
      return http.send(post, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("the direct upload to " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the direct upload was interrupted", e);
    }
  }

  /** Readings {@code first..last} as the reference-rest adapter writes them. */
  private byte[] body(int first, int last) {
    ByteArrayOutputStream out = new ByteArrayOutputStream((last - first + 1) * 112 + 16);
    try (JsonGenerator body = json.createGenerator(out, JsonEncoding.UTF8)) {
      body.writeStartObject();
      body.writeArrayFieldStart("readings");
      for (long n = first; n <= last; n++) {
        body.writeStartObject();
        body.writeStringField("id", "local-" + n);
        body.writeStringField("meterId", "meter-" + (n % 25));
        body.writeStringField("takenAt", BenchReadings.START.plusSeconds(n * 900).toString());
        body.writeFieldName("value");
        body.writeNumber(BigDecimal.valueOf(n * 37, 2).setScale(3).toPlainString());
        body.writeStringField("unit", BenchReadings.UNIT);
        body.writeEndObject();
      }
      body.writeEndArray();
      body.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write readings as JSON", e);
    }
    return out.toByteArray();
  }

  /** The results of an upload answer whose status is {@code accepted}. */
  private int accepted(byte[] answer) {
    int accepted = 0;
    try (JsonParser in = json.createParser(answer)) {
      for (JsonToken t = in.nextToken(); t != null; t = in.nextToken()) {
        if (t == JsonToken.FIELD_NAME
            && "status".equals(in.currentName())
            && in.nextToken() == JsonToken.VALUE_STRING
            && "accepted".equals(in.getText())) {
          accepted++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the direct upload's answer is not JSON", e);
    }
    return accepted;
  }

  private static String sha256(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no SHA-256", e);
    }
  }
}
