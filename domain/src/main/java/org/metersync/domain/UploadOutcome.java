package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * What becomes of each reading of an upload batch: marked synchronized, retried next cycle with the
 * attempt counted, failed for good, or left exactly as it was.
 *
 * @param alreadyPresent those of {@code synchronize} the client system held already (the rest it
 *     accepted now); kept apart so that reports do not count them as new uploads
 */
public record UploadOutcome(
    List<PendingReading> synchronize,
    List<Retry> retry,
    List<Failed> failed,
    List<Unchanged> unchanged,
    List<PendingReading> alreadyPresent) {

  static final String NO_RESULT = "the client system returned no result for this reading";

  public UploadOutcome {
    synchronize = List.copyOf(synchronize);
    retry = List.copyOf(retry);
    failed = List.copyOf(failed);
    unchanged = List.copyOf(unchanged);
    alreadyPresent = List.copyOf(alreadyPresent);
    if (!alreadyPresent.isEmpty() && !new HashSet<>(synchronize).containsAll(alreadyPresent)) {
      throw new IllegalArgumentException(
          "every already present reading must be among those to synchronize");
    }
  }

  /** An outcome in which nothing was already present. */
  public UploadOutcome(
      List<PendingReading> synchronize,
      List<Retry> retry,
      List<Failed> failed,
      List<Unchanged> unchanged) {
    this(synchronize, retry, failed, unchanged, List.of());
  }

  /** Rejected again, stays pending; {@code attempts} counts this one. */
  public record Retry(PendingReading reading, int attempts, String reason) {
    public Retry {
      requireNonNull(reading, "reading");
      requireNonNull(reason, "reason");
    }
  }

  /** Rejected on the last allowed attempt; becomes failed. */
  public record Failed(PendingReading reading, int attempts, String reason) {
    public Failed {
      requireNonNull(reading, "reading");
      requireNonNull(reason, "reason");
    }
  }

  /** Not touched at all: the whole batch failed before the client system answered for it. */
  public record Unchanged(PendingReading reading, String reason) {
    public Unchanged {
      requireNonNull(reading, "reading");
      requireNonNull(reason, "reason");
    }
  }

  /**
   * Decides a batch from the client system's verdicts. A reading with no verdict counts as a
   * rejected attempt, so a client system that keeps skipping it cannot keep it pending forever.
   */
  public static UploadOutcome decide(
      List<PendingReading> batch, Map<ReadingId, UploadVerdict> verdicts, int maxRetries) {
    requireNonNull(batch, "batch");
    requireNonNull(verdicts, "verdicts");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
    }
    List<PendingReading> synchronize = new ArrayList<>(batch.size());
    List<PendingReading> alreadyPresent = new ArrayList<>();
    List<Retry> retry = new ArrayList<>();
    List<Failed> failed = new ArrayList<>();
    for (PendingReading reading : batch) {
      UploadVerdict verdict = verdicts.get(reading.id());
      if (verdict != null && verdict.held()) {
        synchronize.add(reading);
        if (verdict instanceof UploadVerdict.AlreadyPresent) {
          alreadyPresent.add(reading);
        }
        continue;
      }
      String reason = verdict instanceof UploadVerdict.Rejected r ? r.reason() : NO_RESULT;
      int attempts = reading.attempts() + 1;
      if (attempts >= maxRetries) {
        failed.add(new Failed(reading, attempts, reason));
      } else {
        retry.add(new Retry(reading, attempts, reason));
      }
    }
    return new UploadOutcome(synchronize, retry, failed, List.of(), alreadyPresent);
  }

  /**
   * One reading charged an attempt though the client system gave no verdict for it: a part holding
   * only this reading failed as a whole while other parts went through. Failed on the last allowed
   * attempt, with {@code reason}, the client system's answer.
   */
  public static UploadOutcome charged(PendingReading reading, String reason, int maxRetries) {
    requireNonNull(reading, "reading");
    requireNonNull(reason, "reason");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
    }
    int attempts = reading.attempts() + 1;
    return attempts >= maxRetries
        ? new UploadOutcome(
            List.of(), List.of(), List.of(new Failed(reading, attempts, reason)), List.of())
        : new UploadOutcome(
            List.of(), List.of(new Retry(reading, attempts, reason)), List.of(), List.of());
  }

  /** This outcome and {@code other} together, for readings of one batch decided in parts. */
  public UploadOutcome plus(UploadOutcome other) {
    return new UploadOutcome(
        concat(synchronize, other.synchronize),
        concat(retry, other.retry),
        concat(failed, other.failed),
        concat(unchanged, other.unchanged),
        concat(alreadyPresent, other.alreadyPresent));
  }

  /** This outcome without its unchanged readings: what the client system decided. */
  public UploadOutcome decided() {
    return new UploadOutcome(synchronize, retry, failed, List.of(), alreadyPresent);
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a.size() + b.size());
    all.addAll(a);
    all.addAll(b);
    return all;
  }

  /** The whole batch failed (client system unreachable, answered garbage, ...): nothing changes. */
  public static UploadOutcome batchFailed(List<PendingReading> batch, String reason) {
    requireNonNull(reason, "reason");
    List<Unchanged> unchanged = batch.stream().map(r -> new Unchanged(r, reason)).toList();
    return new UploadOutcome(List.of(), List.of(), List.of(), unchanged);
  }

  public int size() {
    return synchronize.size() + retry.size() + failed.size() + unchanged.size();
  }

  /** Readings the client system stored now. */
  public int acceptedCount() {
    return synchronize.size() - alreadyPresent.size();
  }

  /** Readings the client system refused (or left out) this time: retried or failed. */
  public int rejectedCount() {
    return retry.size() + failed.size();
  }
}
