package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
}
