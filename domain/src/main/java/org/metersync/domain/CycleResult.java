package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/** What a tenant's turn in the sync loop came to, as far as its next turn is concerned. */
public sealed interface CycleResult {

  /** The cycle ran to the end. */
  record Synced() implements CycleResult {}

  /** The tenant was being synced elsewhere; its own schedule goes on. */
  record Skipped() implements CycleResult {}

  /**
   * The cycle failed while the client system still answers (or the failure was not the client
   * system's): back off.
   *
   * @param retryAfter how long the client system asked to be left alone; a negative one asks
   *     nothing
   */
  record Failed(Optional<Duration> retryAfter) implements CycleResult {
    public Failed {
      retryAfter = requireNonNull(retryAfter, "retryAfter").filter(d -> !d.isNegative());
    }
  }

  /**
   * The client system does not answer its health check: check it again regularly.
   *
   * @param retryAfter how long the client system asked to be left alone; a negative one asks
   *     nothing
   */
  record Unreachable(Optional<Duration> retryAfter) implements CycleResult {
    public Unreachable {
      retryAfter = requireNonNull(retryAfter, "retryAfter").filter(d -> !d.isNegative());
    }
  }
}
