package org.metersync.bootstrap.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The rows as a text table, and how the batch-1000 rows compare with the targets. */
final class BenchTable {

  private static final String FORMAT = "%-18s %6s %9s %9s %12s %10s %9s %9s %10s%n";

  private BenchTable() {}

  static String format(List<BenchRow> rows) {
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            FORMAT,
            "SCENARIO",
            "BATCH",
            "READINGS",
            "SECONDS",
            "READINGS/S",
            "SQL STMTS",
            "SQL/1000",
            "HTTP REQS",
            "PEAK HEAP"));
    for (BenchRow row : rows) {
      table.append(
          String.format(
              Locale.ROOT,
              FORMAT,
              row.scenario(),
              row.batchSize(),
              row.readings(),
              String.format(Locale.ROOT, "%.3f", row.seconds()),
              String.format(Locale.ROOT, "%.0f", row.readingsPerSecond()),
              row.sqlStatements(),
              String.format(Locale.ROOT, "%.2f", row.sqlStatementsPer1000()),
              row.httpRequests(),
              String.format(Locale.ROOT, "%.0f MB", row.peakHeapMb())));
    }
    return table.toString();
  }

  /** Lines comparing upload and download at batch 1000 with their floors and the baseline. */
  static String targets(List<BenchRow> rows) {
    StringBuilder lines = new StringBuilder();
    ratio(rows, BenchRow.UPLOAD, 1000, BenchRow.FLOOR_UPLOAD, 1000, "of floor-upload", lines);
    ratio(rows, BenchRow.DOWNLOAD, 1000, BenchRow.FLOOR_DOWNLOAD, 1000, "of floor-download", lines);
    ratio(rows, BenchRow.UPLOAD, 1000, BenchRow.BASELINE_UPLOAD, 100, "of baseline-upload", lines);
    ratio(
        rows,
        BenchRow.DOWNLOAD,
        1000,
        BenchRow.BASELINE_DOWNLOAD,
        100,
        "of baseline-download",
        lines);
    return lines.toString();
  }

  private static void ratio(
      List<BenchRow> rows,
      String scenario,
      int batch,
      String reference,
      int referenceBatch,
      String what,
      StringBuilder lines) {
    Optional<BenchRow> row = find(rows, scenario, batch);
    Optional<BenchRow> other = find(rows, reference, referenceBatch);
    if (row.isPresent() && other.isPresent()) {
      double share = row.get().readingsPerSecond() / other.get().readingsPerSecond();
      lines.append(
          String.format(
              Locale.ROOT,
              "%s at batch %d: %.0f readings/s = %s %s (%.0f readings/s)%n",
              scenario,
              batch,
              row.get().readingsPerSecond(),
              share >= 10
                  ? String.format(Locale.ROOT, "%.1f×", share)
                  : String.format(Locale.ROOT, "%.0f%%", share * 100),
              what,
              other.get().readingsPerSecond()));
    }
  }

  static Optional<BenchRow> find(List<BenchRow> rows, String scenario, int batch) {
    return rows.stream()
        .filter(r -> r.scenario().equals(scenario) && r.batchSize() == batch)
        .findFirst();
  }
}
