package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchTableTest {

  private static final List<BenchRow> ROWS =
      List.of(
          new BenchRow("upload", 1000, 20_000, 0.5, 42, 20, 68),
          new BenchRow("floor-upload", 1000, 20_000, 0.4, 41, 0, 36),
          new BenchRow("baseline-upload", 100, 20_000, 5, 20_021, 200, 44));

  @Test
  void format_rows_headerThenOneAlignedLinePerRow() {
    List<String> lines = BenchTable.format(ROWS).lines().toList();

    assertEquals(4, lines.size());
    assertEquals(
        "SCENARIO            BATCH  READINGS   SECONDS   READINGS/S  SQL STMTS  SQL/1000 HTTP REQS"
            + "  PEAK HEAP",
        lines.get(0));
    assertEquals(
        "upload               1000     20000     0.500        40000         42      2.10"
            + "        20      68 MB",
        lines.get(1));
    assertEquals(
        "baseline-upload       100     20000     5.000         4000      20021   1001.05"
            + "       200      44 MB",
        lines.get(3));
    lines.forEach(line -> assertEquals(lines.get(0).length(), line.length(), line));
  }

  @Test
  void targets_uploadAt1000_comparedWithItsFloorAndTheBaseline() {
    String targets = BenchTable.targets(ROWS);

    assertTrue(
        targets.contains(
            "upload at batch 1000: 40000 readings/s = 80% of floor-upload (50000 readings/s)"),
        targets);
    assertTrue(
        targets.contains(
            "upload at batch 1000: 40000 readings/s = 10.0× baseline-upload (4000 readings/s)"),
        targets);
  }

  @Test
  void targets_missingRows_saysNothingAboutThem() {
    assertEquals("", BenchTable.targets(List.of(ROWS.get(0))));
  }

  private static final StatementTimes TIMES =
      new StatementTimes(
          StatementTimes.Timings.ofNanos(1_000_000, 2_000_000, 3_000_000),
          StatementTimes.Timings.ofNanos(4_000_000, 5_000_000, 20_000_000));

  private static BenchRow timed(String scenario, double seconds, PlannerStatistics.AtStart at) {
    return new BenchRow(
        scenario,
        1000,
        20_000,
        seconds,
        42,
        20,
        68,
        Optional.of(TIMES),
        Optional.of(new PlannerStatistics(at, false)));
  }

  @Test
  void header_server_versionKindCommitSettingAndHistory() {
    assertEquals(
        "database: PostgreSQL 17.6, embedded (the bench's own), synchronous_commit=on; history:"
            + " none"
            + System.lineSeparator(),
        BenchTable.header(new ServerUnderTest(true, "17.6", "on", 0, 0)));
    assertTrue(
        BenchTable.header(new ServerUnderTest(false, "15.20", "on", 1_000_000, 1000))
            .contains(
                "PostgreSQL 15.20, external (configured), synchronous_commit=on; history: 1000000"
                    + " synchronized readings of 1000 other tenants"));
  }

  @Test
  void statementTimes_timedRows_oneAlignedLineEachWithTheSpreadAndStatistics() {
    List<BenchRow> rows =
        List.of(
            timed("upload", 0.5, PlannerStatistics.AtStart.WITH_BACKLOG),
            ROWS.get(2),
            timed("upload-fresh", 0.6, PlannerStatistics.AtStart.BEFORE_BACKLOG));

    List<String> lines = BenchTable.statementTimes(rows).lines().toList();

    assertEquals(3, lines.size());
    assertEquals(
        "PER BATCH (ms)      BATCH SELECTS SEL MEAN  SEL MED  SEL MAX   MARKS MARK MEAN MARK MED"
            + " MARK MAX MAX/MED  STATISTICS AT START",
        lines.get(0));
    assertEquals(
        "upload-fresh         1000       3    2.000    2.000    3.000       3     9.667    5.000"
            + "   20.000     4.0  before-backlog",
        lines.get(2));
    assertTrue(lines.get(1).endsWith("     4.0  with-backlog"), lines.get(1));
  }

  @Test
  void statementTimes_noTimedRows_nothing() {
    assertEquals("", BenchTable.statementTimes(ROWS));
  }

  @Test
  void targets_freshRows_comparedWithSettledAndTheirFloorWithTheMarkSpread() {
    List<BenchRow> rows =
        List.of(
            timed("upload", 0.5, PlannerStatistics.AtStart.WITH_BACKLOG),
            timed("upload-fresh", 0.625, PlannerStatistics.AtStart.BEFORE_BACKLOG),
            new BenchRow("floor-upload-fresh", 1000, 20_000, 0.5, 41, 0, 36));

    String targets = BenchTable.targets(rows);

    assertTrue(
        targets.contains(
            "upload-fresh at batch 1000: 32000 readings/s = 80% of upload (40000 readings/s)"),
        targets);
    assertTrue(
        targets.contains(
            "upload-fresh at batch 1000: 32000 readings/s = 80% of floor-upload-fresh"
                + " (40000 readings/s)"),
        targets);
    assertTrue(
        targets.contains(
            "upload-fresh at batch 1000: slowest mark 20.000 ms = 4.0× the median mark (5.000 ms),"
                + " mean 9.667 ms"),
        targets);
    assertTrue(targets.contains("upload at batch 1000: slowest mark 20.000 ms"), targets);
  }
}
