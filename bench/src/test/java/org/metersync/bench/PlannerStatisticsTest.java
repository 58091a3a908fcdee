package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.BenchDatabase.TableStatistics;
import org.metersync.bench.PlannerStatistics.AtStart;

class PlannerStatisticsTest {

  @Test
  void of_noStatisticsAtStart_none() {
    PlannerStatistics statistics =
        PlannerStatistics.of(
            new TableStatistics(false, 0),
            new TableStatistics(false, 0),
            new TableStatistics(false, 0));

    assertEquals(new PlannerStatistics(AtStart.NONE, false), statistics);
    assertEquals("none", statistics.describe());
  }

  @Test
  void of_analyzedOnlyBeforeTheInsert_beforeBacklog() {
    PlannerStatistics statistics =
        PlannerStatistics.of(
            new TableStatistics(true, 4),
            new TableStatistics(true, 4),
            new TableStatistics(true, 4));

    assertEquals(new PlannerStatistics(AtStart.BEFORE_BACKLOG, false), statistics);
    assertEquals("before-backlog", statistics.describe());
  }

  @Test
  void of_analyzedBetweenInsertAndStart_withBacklog() {
    assertEquals(
        new PlannerStatistics(AtStart.WITH_BACKLOG, false),
        PlannerStatistics.of(
            new TableStatistics(true, 4),
            new TableStatistics(true, 5),
            new TableStatistics(true, 5)));
  }

  @Test
  void of_analyzedWhileMeasured_saysSo() {
    PlannerStatistics statistics =
        PlannerStatistics.of(
            new TableStatistics(false, 0),
            new TableStatistics(false, 0),
            new TableStatistics(true, 1));

    assertEquals(new PlannerStatistics(AtStart.NONE, true), statistics);
    assertEquals("none, analyzed during run", statistics.describe());
  }
}
