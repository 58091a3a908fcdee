package org.metersync.domain;

import java.util.Locale;

/** How a tenant's last sync cycle ended, as operators see it. */
public enum CycleOutcome {
  /** No cycle yet. */
  NONE,
  OK,
  FAILED,
  /** Another worker or instance held the tenant, so this one did not sync it. */
  SKIPPED;

  /**
   * The word written wherever the outcome leaves the process: the {@code last_outcome} column, the
   * {@code outcome} metric label, {@code /health} and log lines.
   */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CycleOutcome fromCode(String code) {
    for (CycleOutcome outcome : values()) {
      if (outcome.code().equals(code)) {
        return outcome;
      }
    }
    throw new IllegalArgumentException("unknown cycle outcome: '" + code + "'");
  }
}
