package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.metersync.domain.TenantId;

/**
 * One tenant of the sandbox: its token, switches, held readings, download feed, idempotency store
 * and counters. Every state change happens under this object's lock, so a batch is applied
 * atomically and the counters stay exact under concurrent requests.
 */
final class SandboxTenant {

  /** An upload's answer and whether it was replayed from the idempotency store. */
  record UploadOutcome(List<UploadResult> results, boolean replayed) {}

  /** A download page. */
  record Page(List<JsonNode> readings, int nextOffset, boolean hasMore) {}

  private record Remembered(byte[] bodyHash, List<UploadResult> results) {}

  private final String id;
  private final byte[] authorization;
  private final SandboxSwitches switches;
  private final Map<String, SandboxReading> held = new LinkedHashMap<>();
  private final Map<String, Integer> received = new HashMap<>();
  private final Map<String, Remembered> answers;
  private final List<JsonNode> feed = new ArrayList<>();
  private final Map<Integer, Long> statuses = new TreeMap<>();
  private final List<Integer> uploadBatchSizes = new ArrayList<>();
  private final List<Integer> downloadLimits = new ArrayList<>();
  private final List<Optional<String>> downloadCursors = new ArrayList<>();
  private long generated;
  private long readingsReceived;
  private long accepted;
  private long updates;
  private long duplicates;
  private long rejected;
  private long uploadRequests;
  private long uploadBytes;
  private long replayedUploads;
  private long downloadRequests;
  private long readingsServed;
  private long healthRequests;
  private long faultsInjected;
  private long droppedConnections;
  private int uploadsInFlight;
  private int maxConcurrentUploads;

  SandboxTenant(String id, String token, SandboxSwitches switches, int idempotencyCapacity) {
    this.id = TenantId.of(id).value();
    requireNonNull(token, "token");
    if (token.isBlank()) {
      throw new IllegalArgumentException("tenant " + id + ": the token must not be blank");
    }
    this.authorization = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    this.switches = requireNonNull(switches, "switches");
    if (idempotencyCapacity < 1) {
      throw new IllegalArgumentException("idempotencyCapacity must be positive");
    }
    this.answers =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > idempotencyCapacity;
          }
        };
  }

  String id() {
    return id;
  }

  SandboxSwitches switches() {
    return switches;
  }

  /** Whether {@code header} is exactly {@code Bearer <token>}, compared in constant time. */
  boolean authorizes(String header) {
    return header != null
        && MessageDigest.isEqual(authorization, header.getBytes(StandardCharsets.UTF_8));
  }

  synchronized UploadOutcome upload(
      String key, byte[] bodyHash, List<UploadItem> items, Optional<Fault.Reject> reject) {
    Remembered previous = answers.get(key);
    if (previous != null && Arrays.equals(previous.bodyHash, bodyHash)) {
      replayedUploads++;
      return new UploadOutcome(previous.results, true);
    }
    List<UploadResult> results = new ArrayList<>(items.size());
    for (UploadItem item : items) {
      results.add(apply(item, reject));
    }
    // An answer with rejections is not replayed: a re-send deserves a fresh look at them.
    if (results.stream().noneMatch(UploadResult::isRejected)) {
      answers.put(key, new Remembered(bodyHash, List.copyOf(results)));
    }
    return new UploadOutcome(results, false);
  }

  private UploadResult apply(UploadItem item, Optional<Fault.Reject> reject) {
    if (item.reading() == null) {
      rejected++;
      return UploadResult.rejected(item.id(), item.problem());
    }
    if (reject.isPresent() && reject.get().ids().contains(item.id())) {
      rejected++;
      return UploadResult.rejected(item.id(), reject.get().reason());
    }
    SandboxReading before = held.get(item.id());
    if (before == null) {
      held.put(item.id(), item.reading());
      accepted++;
      return UploadResult.accepted(item.id());
    }
    if (before.sameDataAs(item.reading())) {
      duplicates++;
      return UploadResult.alreadyPresent(item.id());
    }
    held.put(item.id(), item.reading());
    updates++;
    return UploadResult.accepted(item.id());
  }

  synchronized Page page(int offset, int limit) {
    if (offset > feed.size()) {
      throw new BadRequestException("unknown cursor");
    }
    int end = (int) Math.min((long) offset + limit, feed.size());
    List<JsonNode> readings = List.copyOf(feed.subList(offset, end));
    readingsServed += readings.size();
    return new Page(readings, end, end < feed.size());
  }

  synchronized void addToFeed(List<JsonNode> readings) {
    feed.addAll(readings);
  }

  synchronized List<SandboxReading> generate(int count) {
    List<SandboxReading> readings = SandboxReading.generate(id + "-feed", generated, count);
    generated += count;
    return readings;
  }

  synchronized int feedSize() {
    return feed.size();
  }

  synchronized Optional<SandboxReading> held(String readingId) {
    return Optional.ofNullable(held.get(readingId));
  }

  synchronized List<SandboxReading> held() {
    return List.copyOf(held.values());
  }

  synchronized int timesReceived(String readingId) {
    return received.getOrDefault(readingId, 0);
  }

  /** Counts an authenticated upload request; {@code items} is null for a malformed body. */
  synchronized void countUpload(int bytes, List<UploadItem> items) {
    uploadRequests++;
    uploadBytes += bytes;
    if (items != null) {
      uploadBatchSizes.add(items.size());
      readingsReceived += items.size();
      for (UploadItem item : items) {
        received.merge(item.id(), 1, Integer::sum);
      }
    }
  }

  /** Counts an authenticated download request; {@code limit} is null for a malformed one. */
  synchronized void countDownload(Integer limit, Optional<String> cursor) {
    downloadRequests++;
    downloadCursors.add(cursor);
    if (limit != null) {
      downloadLimits.add(limit);
    }
  }

  /** The {@code cursor} of each authenticated download request, in arrival order. */
  synchronized List<Optional<String>> downloadCursors() {
    return List.copyOf(downloadCursors);
  }

  /** An upload request is being handled (from its body read to its answer). */
  synchronized void uploadStarted() {
    uploadsInFlight++;
    maxConcurrentUploads = Math.max(maxConcurrentUploads, uploadsInFlight);
  }

  synchronized void uploadEnded() {
    uploadsInFlight--;
  }

  synchronized int uploadsInFlight() {
    return uploadsInFlight;
  }

  synchronized int maxConcurrentUploads() {
    return maxConcurrentUploads;
  }

  synchronized void countHealth() {
    healthRequests++;
  }

  synchronized void countFault() {
    faultsInjected++;
  }

  synchronized void countStatus(int status) {
    statuses.merge(status, 1L, Long::sum);
  }

  synchronized void countDrop() {
    droppedConnections++;
  }

  synchronized Stats stats() {
    return new Stats(
        held.size(),
        readingsReceived,
        accepted,
        updates,
        duplicates,
        rejected,
        uploadRequests,
        uploadBytes,
        uploadBatchSizes,
        replayedUploads,
        downloadRequests,
        downloadLimits,
        readingsServed,
        healthRequests,
        faultsInjected,
        droppedConnections,
        statuses);
  }

  @Override
  public String toString() {
    return "SandboxTenant[" + id + "]";
  }
}
