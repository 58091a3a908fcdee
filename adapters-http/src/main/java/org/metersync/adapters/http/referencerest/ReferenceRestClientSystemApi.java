package org.metersync.adapters.http.referencerest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpAnswer;
import org.metersync.adapters.http.SplittingUpload;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tenant's client system that speaks the project's reference REST contract. */
public final class ReferenceRestClientSystemApi implements ClientSystemApi {

  /** The kind name in a tenant's configuration. */
  public static final String KIND = "reference-rest";

  private static final Logger log = LoggerFactory.getLogger(ReferenceRestClientSystemApi.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int BYTES_PER_READING = 112;

  private final ReferenceRestService service;
  private final ObjectMapper mapper;
  private final ClientSystemCalls calls;
  private final long maxRequestBytes;

  ReferenceRestClientSystemApi(
      ReferenceRestService service,
      ObjectMapper mapper,
      ClientSystemCalls calls,
      long maxRequestBytes) {
    this.service = requireNonNull(service, "service");
    this.mapper = requireNonNull(mapper, "mapper");
    this.calls = requireNonNull(calls, "calls");
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    String previous = cursor.flatMap(this::serverCursor).orElse(null);
    HttpAnswer answer = calls.success(service.readings(previous, limit), "download");
    JsonNode root = parse(answer, "download");
    JsonNode readings = root.get("readings");
    JsonNode hasMore = root.get("hasMore");
    JsonNode nextCursor = root.get("nextCursor");
    if (readings == null || !readings.isArray()) {
      throw calls.malformed("download", "the answer has no 'readings' array");
    }
    if (hasMore == null || !hasMore.isBoolean()) {
      throw calls.malformed("download", "the answer has no boolean 'hasMore'");
    }
    if (nextCursor != null && !nextCursor.isNull() && !nextCursor.isTextual()) {
      throw calls.malformed("download", "'nextCursor' is not a string");
    }
    ReadingsPage.requireAtMost(calls.tenantId(), limit, readings.size());
    String next =
        nextCursor != null && nextCursor.isTextual() && !nextCursor.asText().isBlank()
            ? nextCursor.asText()
            : previous;
    return page(readings, ReferenceRestCursor.encode(next), hasMore.asBoolean());
  }

  /** The server's cursor within the stored one; a cursor this adapter did not make is refused. */
  private Optional<String> serverCursor(String stored) {
    try {
      return ReferenceRestCursor.decode(stored);
    } catch (IllegalArgumentException e) {
      throw calls.malformed(
          "download", "the stored download cursor could not be read: " + e.getMessage(), e);
    }
  }

  private ReadingsPage page(JsonNode readings, String cursor, boolean hasMore) {
    List<MeterReading> good = new ArrayList<>(readings.size());
    List<MalformedReading> malformed = new ArrayList<>();
    Set<ReadingId> seen = new HashSet<>();
    for (JsonNode node : readings) {
      try {
        MeterReading reading = ReferenceRestMapper.toReading(node);
        if (!seen.add(reading.id())) {
          throw new IllegalArgumentException("duplicate id within the page: " + reading.id());
        }
        good.add(reading);
      } catch (RuntimeException e) {
        malformed.add(
            new MalformedReading(ReferenceRestMapper.idOf(node), node.toString(), e.getMessage()));
      }
    }
    if (!malformed.isEmpty()) {
      log.warn(
          "tenant={} download: {} of {} readings malformed, first: {}",
          calls.tenantId(),
          malformed.size(),
          readings.size(),
          malformed.get(0).reason());
    }
    return new ReadingsPage(good, malformed, cursor, hasMore);
  }

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    requireNonNull(batch, "batch");
    Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
    new SplittingUpload<>(calls, maxRequestBytes, new Requests(verdicts)).send(batch);
    return verdicts;
  }

  /** One upload request per part, each with its own idempotency key. */
  private final class Requests implements SplittingUpload.Requests<MeterReading> {

    private final Map<ReadingId, UploadVerdict> verdicts;

    Requests(Map<ReadingId, UploadVerdict> verdicts) {
      this.verdicts = verdicts;
    }

    @Override
    public byte[] body(List<MeterReading> part) {
      return serialize(part);
    }

    @Override
    public HttpAnswer send(List<MeterReading> part, byte[] body) {
      return calls.exchange(
          service.upload(idempotencyKey(part), RequestBody.create(body, JSON)),
          "upload of " + part.size());
    }

    @Override
    public void answered(List<MeterReading> part, HttpAnswer answer) {
      if (!answer.isSuccessful()) {
        throw calls.failure(answer, "upload");
      }
      verdicts.putAll(verdicts(part, answer));
    }

    @Override
    public void refused(MeterReading reading, String reason) {
      verdicts.put(reading.id(), UploadVerdict.rejected(reason));
    }
  }

  private Map<ReadingId, UploadVerdict> verdicts(List<MeterReading> part, HttpAnswer answer) {
    JsonNode results = parse(answer, "upload").get("results");
    if (results == null || !results.isArray()) {
      throw calls.malformed("upload", "the answer has no 'results' array");
    }
    if (results.size() != part.size()) {
      throw calls.malformed(
          "upload", "sent " + part.size() + " readings, got " + results.size() + " results");
    }
    Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
    for (int i = 0; i < part.size(); i++) {
      ReadingId expected = part.get(i).id();
      JsonNode result = results.get(i);
      try {
        String id = ReferenceRestMapper.requiredText(result, "id");
        if (!id.equals(expected.value())) {
          throw new IllegalArgumentException(
              "result " + i + " is for '" + id + "', expected '" + expected + "'");
        }
        verdicts.put(expected, ReferenceRestMapper.toVerdict(result));
      } catch (IllegalArgumentException e) {
        throw calls.malformed("upload", "result " + i + ": " + e.getMessage());
      }
    }
    return verdicts;
  }

  @Override
  public void checkReachable() {
    calls.success(service.health(), "health check");
  }

  private JsonNode parse(HttpAnswer answer, String what) {
    try {
      JsonNode root = mapper.readTree(answer.body());
      if (root == null || !root.isObject()) {
        throw calls.malformed(what, "the answer is not a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw calls.notJson(what, e);
    }
  }

  /**
   * The upload body, written field by field as the readings are read: no per-reading objects
   * between the batch and the bytes. The value goes out as a plain decimal, exactly as held.
   */
  private byte[] serialize(List<MeterReading> part) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(part.size() * BYTES_PER_READING + 16);
    try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("readings");
      for (MeterReading reading : part) {
        json.writeStartObject();
        json.writeStringField("id", reading.id().value());
        json.writeStringField("meterId", reading.meterId());
        json.writeStringField("takenAt", reading.takenAt().toString());
        json.writeFieldName("value");
        json.writeNumber(reading.value().toPlainString());
        json.writeStringField("unit", reading.unit());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write readings as JSON", e);
    }
    return out.toByteArray();
  }

  /**
   * SHA-256 over each reading's id, meter id, time, value and unit, each length-prefixed: the same
   * batch with the same data always carries the same key, and a reading edited since (same id,
   * other data) gives another key, so that a server replaying answers by key cannot swallow the
   * edit. The value is canonical ({@code 100.250} and {@code 100.25} are the same data).
   */
  static String idempotencyKey(List<MeterReading> part) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      for (MeterReading reading : part) {
        field(sha256, reading.id().value());
        field(sha256, reading.meterId());
        field(sha256, reading.takenAt().toString());
        field(sha256, canonical(reading.value()));
        field(sha256, reading.unit());
      }
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void field(MessageDigest sha256, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    sha256.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    sha256.update(bytes);
  }

  /** A plain decimal without trailing zeros: {@code 100.25}, {@code 1000}, {@code 0}. */
  static String canonical(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
