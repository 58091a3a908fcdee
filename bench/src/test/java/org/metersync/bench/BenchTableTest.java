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

  /** 10,000 readings in 20 requests of 500: the direct upload in 6.5 s, the service in 7 s. */
  private static final List<BenchRow> REMOTE =
      List.of(
          new BenchRow("remote-direct", 500, 10_000, 6.5, 0, 20, 30)
              .withRemote(
                  new RemoteFigures(
                      6.2,
                      new StatementTimes.Timings(20, 322.0, 321.0, 330.0),
                      StatementTimes.Timings.NONE)),
          remoteUpload("remote-upload", 7.0),
          remoteUpload("remote-upload-fresh", 8.125));

  private static BenchRow remoteUpload(String scenario, double seconds) {
    return new BenchRow(
            scenario,
            500,
            10_000,
            seconds,
            62,
            20,
            40,
            Optional.of(
                new StatementTimes(
                    new StatementTimes.Timings(21, 4.0, 3.0, 9.0),
                    new StatementTimes.Timings(20, 15.0, 14.0, 30.0))),
            Optional.empty())
        .withRemote(
            new RemoteFigures(
                6.3,
                new StatementTimes.Timings(20, 318.0, 318.0, 320.0),
                new StatementTimes.Timings(20, 2.0, 2.0, 3.0)));
  }

  @Test
  void remote_remoteRows_shareOfDirectBusyAndTimePerRequestSplitIntoItsParts() {
    List<String> lines = BenchTable.remote(REMOTE).lines().toList();

    assertEquals(4, lines.size());
    assertTrue(
        lines.get(0).startsWith("REMOTE-BOUND         BATCH READINGS/S OF DIRECT"), lines.get(0));
    // wall 350 = server 315 + http (318 - 315) + select 21 × 4 / 20 + renew 2 + other 25.8
    assertEquals(
        List.of(
            "remote-upload",
            "500",
            "1429",
            "92.9%",
            "90.0%",
            "350.00",
            "315.00",
            "3.00",
            "4.20",
            "2.00",
            "25.80",
            "15.000"),
        List.of(lines.get(2).trim().split("\\s+")));
    // the direct upload: no SQL, its time is the server's, the requests' and 3 ms between them
    assertEquals(
        List.of(
            "remote-direct",
            "500",
            "1538",
            "100.0%",
            "95.4%",
            "325.00",
            "310.00",
            "12.00",
            "0.00",
            "0.00",
            "3.00",
            "-"),
        List.of(lines.get(1).trim().split("\\s+")));
    lines.forEach(line -> assertEquals(lines.get(0).length(), line.length(), line));
  }

  @Test
  void remoteTargets_eachUploadAgainstTheDirectUploadAtItsBatchSize_metOrNot() {
    assertEquals(
        List.of(
            "remote-upload at batch 500: 1429 readings/s = 92.9% of remote-direct (1538"
                + " readings/s), target 90.0%: met",
            "remote-upload-fresh at batch 500: 1231 readings/s = 80.0% of remote-direct (1538"
                + " readings/s), target 90.0%: not met"),
        BenchTable.remoteTargets(REMOTE).lines().toList());
  }

  @Test
  void remote_noRemoteRows_nothing() {
    assertEquals("", BenchTable.remote(ROWS));
    assertEquals("", BenchTable.remoteTargets(ROWS));
  }
}
