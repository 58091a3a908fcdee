package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** When a tenant runs next, and why then. */
public record NextRun(Instant at, Reason reason) {

  public NextRun {
    requireNonNull(at, "at");
    requireNonNull(reason, "reason");
  }

  /** What decided the time. */
  public enum Reason {
    /** The regular sync interval. */
    INTERVAL,
    /** Exponential back-off after consecutive failures. */
    BACKOFF,
    /** The client system's {@code Retry-After}, longer than the wait it would have had. */
    RETRY_AFTER,
    /** The connectivity-check interval of an unreachable client system. */
    CONNECTIVITY_CHECK
  }
}
