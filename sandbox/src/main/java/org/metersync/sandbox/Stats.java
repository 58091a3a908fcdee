package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of what a tenant's sandbox (or all of them: {@link #plus}) saw and did.
 *
 * @param readingsHeld distinct readings stored, one record per id by construction
 * @param readingsReceived readings in all authenticated, well-formed upload requests (faulted and
 *     replayed ones included): what crossed the wire
 * @param accepted readings stored for the first time
 * @param updates readings already held with different data, updated and answered {@code accepted}
 * @param duplicates readings already held with identical data, answered {@code already_present}
 * @param rejected readings answered {@code rejected} (invalid, or by an injected rejection)
 * @param uploadRequests authenticated upload requests
 * @param uploadBytes their body bytes
 * @param uploadBatchSizes readings per well-formed upload request, in arrival order
 * @param replayedUploads upload requests answered from the idempotency store
 * @param downloadRequests authenticated download requests
 * @param downloadLimits the {@code limit} of each well-formed download request, in arrival order
 * @param readingsServed readings handed out on download pages
 * @param healthRequests authenticated health requests
 * @param faultsInjected requests that got an injected fault (explicit or by error rate)
 * @param droppedConnections exchanges closed without an answer
 * @param responsesByStatus answers sent, by HTTP status (401s included)
 */
public record Stats(
    int readingsHeld,
    long readingsReceived,
    long accepted,
    long updates,
    long duplicates,
    long rejected,
    long uploadRequests,
    long uploadBytes,
    List<Integer> uploadBatchSizes,
    long replayedUploads,
    long downloadRequests,
    List<Integer> downloadLimits,
    long readingsServed,
    long healthRequests,
    long faultsInjected,
    long droppedConnections,
    Map<Integer, Long> responsesByStatus) {

  public Stats {
    uploadBatchSizes = List.copyOf(uploadBatchSizes);
    downloadLimits = List.copyOf(downloadLimits);
    responsesByStatus = Map.copyOf(requireNonNull(responsesByStatus, "responsesByStatus"));
  }

  public static final Stats EMPTY =
      new Stats(0, 0, 0, 0, 0, 0, 0, 0, List.of(), 0, 0, List.of(), 0, 0, 0, 0, Map.of());

  /** Answers sent with {@code status}. */
  public long responses(int status) {
    return responsesByStatus.getOrDefault(status, 0L);
  }

  /** All answers sent, whatever their status. */
  public long responses() {
    return responsesByStatus.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The sum of both, lists concatenated (this one's first). */
  public Stats plus(Stats other) {
    Map<Integer, Long> statuses = new TreeMap<>(responsesByStatus);
    other.responsesByStatus.forEach((status, n) -> statuses.merge(status, n, Long::sum));
    return new Stats(
        readingsHeld + other.readingsHeld,
        readingsReceived + other.readingsReceived,
        accepted + other.accepted,
        updates + other.updates,
        duplicates + other.duplicates,
        rejected + other.rejected,
        uploadRequests + other.uploadRequests,
        uploadBytes + other.uploadBytes,
        concat(uploadBatchSizes, other.uploadBatchSizes),
        replayedUploads + other.replayedUploads,
        downloadRequests + other.downloadRequests,
        concat(downloadLimits, other.downloadLimits),
        readingsServed + other.readingsServed,
        healthRequests + other.healthRequests,
        faultsInjected + other.faultsInjected,
        droppedConnections + other.droppedConnections,
        statuses);
  }

  private static List<Integer> concat(List<Integer> a, List<Integer> b) {
    List<Integer> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }
}
