package org.metersync.bootstrap;

import java.util.Locale;

/** Whether the sync loop runs, as {@code /health} reports it. */
enum LoopState {
  RUNNING,
  /** Never started: auto sync is switched off. */
  OFF,
  STOPPED;

  /** The word in {@code /health}'s {@code loop.state}. */
  String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
