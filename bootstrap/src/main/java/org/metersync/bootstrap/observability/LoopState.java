package org.metersync.bootstrap.observability;

import java.util.Locale;

/** Whether the sync loop runs, as {@code /health} reports it. */
public enum LoopState {
  RUNNING,
  /** Never started: auto sync is switched off. */
  OFF,
  STOPPED;

  /** The word in {@code /health}'s {@code loop.state}. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
