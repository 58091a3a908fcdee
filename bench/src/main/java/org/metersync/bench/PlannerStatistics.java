package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import org.metersync.adapters.postgres.BenchDatabase.TableStatistics;

/**
 * What the planner knew of meter_reading when a measured upload started, and whether an ANALYZE
 * (autovacuum's, on a configured server) ran while it was measured.
 */
record PlannerStatistics(AtStart atStart, boolean analyzedDuringRun) {

  PlannerStatistics {
    requireNonNull(atStart, "atStart");
  }

  /** The table's statistics at the start of the run, relative to the backlog it drains. */
  enum AtStart {
    /** Never analyzed: the planner guesses from the table's size alone. */
    NONE("none"),
    /** Analyzed before the backlog was inserted: the statistics do not know the backlog. */
    BEFORE_BACKLOG("before-backlog"),
    /** Analyzed after the backlog was inserted (settled, or autovacuum got there first). */
    WITH_BACKLOG("with-backlog");

    private final String label;

    AtStart(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  /**
   * From the table's statistics just before the backlog was inserted, at the start of the run and
   * at its end.
   */
  static PlannerStatistics of(
      TableStatistics beforeInsert, TableStatistics atStart, TableStatistics atEnd) {
    AtStart state;
    if (!atStart.present()) {
      state = AtStart.NONE;
    } else if (atStart.analyses() > beforeInsert.analyses()) {
      state = AtStart.WITH_BACKLOG;
    } else {
      state = AtStart.BEFORE_BACKLOG;
    }
    return new PlannerStatistics(state, atEnd.analyses() > atStart.analyses());
  }

  /** For the table: {@code with-backlog}, or {@code none, analyzed during run}. */
  String describe() {
    return atStart.label() + (analyzedDuringRun ? ", analyzed during run" : "");
  }
}
