package org.metersync.domain;

import static java.util.Objects.requireNonNull;

/** A stored batch size that could not be used as it was, and the default used instead. */
public record BatchSizeProblem(
    String column, Integer storedValue, int defaultUsed, Severity severity, String message) {

  /** A missing value is a warning; an invalid one is an error (seed: Error Handling). */
  public enum Severity {
    WARNING,
    ERROR
  }

  public BatchSizeProblem {
    requireNonNull(column, "column");
    requireNonNull(severity, "severity");
    requireNonNull(message, "message");
  }

  static BatchSizeProblem missing(String column, int defaultUsed) {
    return new BatchSizeProblem(
        column,
        null,
        defaultUsed,
        Severity.WARNING,
        column + " is not configured; using the default " + defaultUsed);
  }

  static BatchSizeProblem outOfRange(String column, int stored, int defaultUsed) {
    return new BatchSizeProblem(
        column,
        stored,
        defaultUsed,
        Severity.ERROR,
        column
            + " is "
            + stored
            + ", outside "
            + BatchSizes.MIN
            + ".."
            + BatchSizes.MAX
            + "; using the default "
            + defaultUsed);
  }
}
