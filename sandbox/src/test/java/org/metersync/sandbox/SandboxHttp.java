package org.metersync.sandbox;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/** A plain HTTP client for the sandbox tests: no retries, so each call is one exchange. */
final class SandboxHttp implements AutoCloseable {

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** One answer. */
  record Answer(int status, Headers headers, String body) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The {@code status} of each upload result, in order. */
    List<String> statuses() {
      List<String> statuses = new ArrayList<>();
      json().get("results").forEach(r -> statuses.add(r.get("status").asText()));
      return statuses;
    }

    /** The {@code id} of each upload result or download reading, in order. */
    List<String> ids(String array) {
      List<String> ids = new ArrayList<>();
      json().get(array).forEach(r -> ids.add(r.get("id").asText()));
      return ids;
    }
  }

  private final OkHttpClient client;

  SandboxHttp() {
    this(Duration.ofSeconds(10));
  }

  SandboxHttp(Duration readTimeout) {
    client =
        new OkHttpClient.Builder()
            .retryOnConnectionFailure(false)
            .readTimeout(readTimeout)
            .callTimeout(Duration.ofSeconds(30))
            .build();
  }

  Answer get(String url, String token) throws IOException {
    Request.Builder request = new Request.Builder().url(url);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return execute(request.build());
  }

  Answer upload(String baseUrl, String token, String key, String body) throws IOException {
    Request.Builder request =
        new Request.Builder()
            .url(baseUrl + "readings/batch")
            .post(RequestBody.create(body, JSON))
            .header("Authorization", "Bearer " + token);
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return execute(request.build());
  }

  /** Uploads {@code readings} with a key derived from their ids, as meter-sync does. */
  Answer upload(String baseUrl, String token, List<SandboxReading> readings) throws IOException {
    return upload(baseUrl, token, key(readings), body(readings));
  }

  private Answer execute(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return new Answer(response.code(), response.headers(), response.body().string());
    }
  }

  static String body(List<SandboxReading> readings) {
    return readings.stream()
        .map(SandboxHttp::json)
        .collect(Collectors.joining(",", "{\"readings\":[", "]}"));
  }

  static String json(SandboxReading r) {
    return String.format(
        "{\"id\":\"%s\",\"meterId\":\"%s\",\"takenAt\":\"%s\",\"value\":%s,\"unit\":\"%s\"}",
        r.id(), r.meterId(), r.takenAt(), r.value().toPlainString(), r.unit());
  }

  /** SHA-256 over the length-prefixed ids, like the reference-rest adapter. */
  static String key(List<SandboxReading> readings) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (SandboxReading reading : readings) {
        byte[] id = reading.id().getBytes(StandardCharsets.UTF_8);
        sha256.update((id.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha256.update(id);
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
