package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An upload batch the client system turned down wholesale for one reason: every rejected reading of
 * the batch has the same reason, there are at least {@value #MIN_REJECTED} of them, and they are at
 * least half of the readings it decided. That points at a setting or a mapping (a missing Location,
 * an unknown property), not at the readings, and retrying each of them until {@code maxRetries}
 * will not help.
 *
 * @param rejected readings rejected with {@code reason}
 * @param readings readings of the batch the client system decided on (accepted, already present, or
 *     rejected)
 */
public record SystematicRejection(String reason, int rejected, int readings) {

  /**
   * A reading left alone in its batch (the last one refused, retried each cycle) shows no pattern;
   * it has its reason in {@code last_error} like any rejected reading.
   */
  public static final int MIN_REJECTED = 2;

  public SystematicRejection {
    requireNonNull(reason, "reason");
    if (rejected < MIN_REJECTED || rejected > readings) {
      throw new IllegalArgumentException(
          "rejected must be between "
              + MIN_REJECTED
              + " and readings ("
              + readings
              + "), was "
              + rejected);
    }
    if (rejected * 2L < readings) {
      throw new IllegalArgumentException(
          rejected + " of " + readings + " readings rejected is less than half the batch");
    }
  }

  /** The batch's systematic rejection, if its outcome is one. */
  public static Optional<SystematicRejection> of(UploadOutcome outcome) {
    requireNonNull(outcome, "outcome");
    int rejected = outcome.rejectedCount();
    int readings = outcome.synchronize().size() + rejected;
    if (rejected < MIN_REJECTED || rejected * 2L < readings) {
      return Optional.empty();
    }
    List<String> reasons =
        Stream.concat(
                outcome.retry().stream().map(UploadOutcome.Retry::reason),
                outcome.failed().stream().map(UploadOutcome.Failed::reason))
            .distinct()
            .limit(2)
            .toList();
    if (reasons.size() != 1) {
      return Optional.empty();
    }
    return Optional.of(new SystematicRejection(reasons.get(0), rejected, readings));
  }

  /** Whether no reading of the batch went through. */
  public boolean whole() {
    return rejected == readings;
  }
}
