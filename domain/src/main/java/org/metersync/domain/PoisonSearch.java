package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Narrows an upload batch that failed as a whole down to the readings that make it fail, so that a
 * reading the client system cannot take (a server bug its data triggers) does not block its tenant.
 * The batch is sent again in halves, and only a half that fails again is halved further: the
 * readings of parts that go through are decided by their verdicts, and a reading that still fails
 * alone, while other parts went through, is charged an attempt with the client system's answer as
 * reason, becoming failed after {@code maxRetries} like a rejected one. Each reading is charged at
 * most once per search.
 *
 * <p>The search stops, leaving the rest unchanged and reporting the failure, when the failure is
 * not the readings' own: one that may not be narrowed (the client system asked to be left alone, or
 * refused the request as such), one while the client system does not answer its reachability check,
 * or one that returns for {@code patience} parts in a row before any part went through: then the
 * client system fails everything, and no reading is charged for it. A batch of a single reading the
 * client system refused before (a poison reading left alone in the backlog once the rest went) is
 * charged again. Pure: its only effects are the calls it makes on the {@link Probe}.
 *
 * @param <F> the failure the probe reports, carried through untouched
 */
public final class PoisonSearch<F> {

  /** The most patience there is any use for. */
  public static final int MAX_PATIENCE = 64;

  /** How the client system took one part of the batch. */
  public sealed interface Answer<F> {

    /** It answered for the part, reading by reading. */
    record Verdicts<F>(Map<ReadingId, UploadVerdict> verdicts) implements Answer<F> {
      public Verdicts {
        verdicts = Map.copyOf(verdicts);
      }
    }

    /**
     * The part failed as a whole.
     *
     * @param cause the failure as the caller knows it
     * @param reason the client system's answer, as a reading's reason
     * @param narrowable whether the failure may be the part's own: transient, and the client system
     *     asked nothing of the caller (such as to wait a while)
     */
    record Failed<F>(F cause, String reason, boolean narrowable) implements Answer<F> {
      public Failed {
        requireNonNull(cause, "cause");
        requireNonNull(reason, "reason");
      }
    }
  }

  /** The client system, as the search uses it. */
  public interface Probe<F> {

    /** Sends {@code part} as one upload. */
    Answer<F> send(List<PendingReading> part);

    /** Whether the client system answers its reachability check now. */
    boolean reachable();

    /** Whether the search should stop before its next request. */
    boolean stopRequested();
  }

  /**
   * What the search came to.
   *
   * @param outcome every reading of the batch, exactly once
   * @param failure why the search stopped with readings left unchanged; empty if it ran to the end
   * @param inconclusive whether it stopped because no part went through within its patience, so
   *     that a more patient search might still find some that do
   * @param requests how many parts it sent
   */
  public record Result<F>(
      UploadOutcome outcome, Optional<F> failure, boolean inconclusive, int requests) {
    public Result {
      requireNonNull(outcome, "outcome");
      requireNonNull(failure, "failure");
    }
  }

  private final int maxRetries;
  private final int patience;
  private final Probe<F> probe;
  private final List<Answer.Failed<F>> leaves = new ArrayList<>();
  private final List<PendingReading> leafReadings = new ArrayList<>();
  private UploadOutcome decided = new UploadOutcome(List.of(), List.of(), List.of(), List.of());
  private boolean wentThrough;
  private int failedBeforeAnyWentThrough;
  private Answer.Failed<F> stoppedBy;
  private boolean inconclusive;
  private int requests;

  private PoisonSearch(int maxRetries, int patience, Probe<F> probe) {
    this.maxRetries = maxRetries;
    this.patience = patience;
    this.probe = probe;
  }

  /**
   * Narrows {@code batch}, which just failed as a whole with {@code failure}.
   *
   * @param patience how many parts may fail before any goes through, 1 to {@value #MAX_PATIENCE};
   *     at most this many requests are spent on a client system that fails everything
   */
  public static <F> Result<F> narrow(
      List<PendingReading> batch,
      Answer.Failed<F> failure,
      int maxRetries,
      int patience,
      Probe<F> probe) {
    requireNonNull(batch, "batch");
    requireNonNull(failure, "failure");
    requireNonNull(probe, "probe");
    if (maxRetries < 1) {
      throw new IllegalArgumentException("maxRetries must be at least 1, was " + maxRetries);
    }
    if (patience < 1 || patience > MAX_PATIENCE) {
      throw new IllegalArgumentException(
          "patience must be between 1 and " + MAX_PATIENCE + ", was " + patience);
    }
    PoisonSearch<F> search = new PoisonSearch<>(maxRetries, patience, probe);
    if (batch.isEmpty() || !failure.narrowable() || probe.stopRequested() || !probe.reachable()) {
      search.stop(failure, false);
    } else if (batch.size() == 1) {
      search.alone(batch.get(0), failure);
    } else {
      search.search(List.copyOf(batch), failure);
      search.chargeLeaves(failure);
    }
    return search.result(batch);
  }

  /** Depth first, left before right; a part of one reading waits until the end. */
  private void search(List<PendingReading> part, Answer.Failed<F> failure) {
    if (stoppedBy != null) {
      return;
    }
    if (part.size() == 1) {
      leafReadings.add(part.get(0));
      leaves.add(failure);
      return;
    }
    if (!wentThrough && failedBeforeAnyWentThrough >= patience) {
      stop(failure, true);
      return;
    }
    if (probe.stopRequested()) {
      stop(failure, false);
      return;
    }
    int half = part.size() / 2;
    List<PendingReading> left = part.subList(0, half);
    List<PendingReading> right = part.subList(half, part.size());
    Answer.Failed<F> leftFailure = send(left);
    Answer.Failed<F> rightFailure = stoppedBy == null ? send(right) : null;
    if (leftFailure != null) {
      search(left, leftFailure);
    }
    if (rightFailure != null) {
      search(right, rightFailure);
    }
  }

  /** Sends a part; returns its failure, or null if the client system answered for it. */
  private Answer.Failed<F> send(List<PendingReading> part) {
    requests++;
    Answer<F> answer = requireNonNull(probe.send(part), "answer");
    if (answer instanceof Answer.Failed<F> failed) {
      if (!failed.narrowable()) {
        stop(failed, false);
      } else if (!wentThrough) {
        failedBeforeAnyWentThrough++;
      }
      return failed;
    }
    Answer.Verdicts<F> verdicts = (Answer.Verdicts<F>) answer;
    decided = decided.plus(UploadOutcome.decide(part, verdicts.verdicts(), maxRetries));
    wentThrough = true;
    return null;
  }

  /**
   * A batch of one reading has no other part to show that the client system takes the rest; one it
   * refused before (attempts counted) is charged again, since there is nothing else to send.
   */
  private void alone(PendingReading reading, Answer.Failed<F> failure) {
    if (reading.attempts() > 0) {
      decided = decided.plus(UploadOutcome.charged(reading, failure.reason(), maxRetries));
    } else {
      stop(failure, false);
    }
  }

  /** Readings that failed alone are charged if others went through and the system answers. */
  private void chargeLeaves(Answer.Failed<F> failure) {
    if (stoppedBy != null) {
      return;
    }
    if (!wentThrough) {
      stop(failure, true);
    } else if (!leaves.isEmpty() && !probe.reachable()) {
      stop(leaves.get(0), false);
    } else {
      for (int i = 0; i < leaves.size(); i++) {
        decided =
            decided.plus(
                UploadOutcome.charged(leafReadings.get(i), leaves.get(i).reason(), maxRetries));
      }
    }
  }

  private void stop(Answer.Failed<F> failure, boolean noneWentThrough) {
    if (stoppedBy == null) {
      stoppedBy = failure;
      inconclusive = noneWentThrough;
    }
  }

  private Result<F> result(List<PendingReading> batch) {
    Set<ReadingId> done = new HashSet<>();
    decided.synchronize().forEach(r -> done.add(r.id()));
    decided.retry().forEach(r -> done.add(r.reading().id()));
    decided.failed().forEach(f -> done.add(f.reading().id()));
    List<PendingReading> rest = batch.stream().filter(r -> !done.contains(r.id())).toList();
    UploadOutcome outcome =
        rest.isEmpty()
            ? decided
            : decided.plus(UploadOutcome.batchFailed(rest, requireNonNull(stoppedBy).reason()));
    return new Result<>(
        outcome, Optional.ofNullable(stoppedBy).map(Answer.Failed::cause), inconclusive, requests);
  }
}
