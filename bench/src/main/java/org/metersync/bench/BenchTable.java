package org.metersync.bench;

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

  /** Lines comparing upload and download at batch 1000 with their floors and the baselines. */
  static String targets(List<BenchRow> rows) {
    StringBuilder lines = new StringBuilder();
    compare(rows, BenchRow.UPLOAD, BenchRow.FLOOR_UPLOAD, 1000, false, lines);
    compare(rows, BenchRow.DOWNLOAD, BenchRow.FLOOR_DOWNLOAD, 1000, false, lines);
    compare(rows, BenchRow.UPLOAD, BenchRow.BASELINE_UPLOAD, Scenarios.BASELINE_BATCH, true, lines);
    compare(
        rows, BenchRow.DOWNLOAD, BenchRow.BASELINE_DOWNLOAD, Scenarios.BASELINE_BATCH, true, lines);
    return lines.toString();
  }

  private static void compare(
      List<BenchRow> rows,
      String scenario,
      String reference,
      int referenceBatch,
      boolean asMultiple,
      StringBuilder lines) {
    Optional<BenchRow> row = find(rows, scenario, 1000);
    Optional<BenchRow> other = find(rows, reference, referenceBatch);
    if (row.isEmpty() || other.isEmpty()) {
      return;
    }
    double ratio = row.get().readingsPerSecond() / other.get().readingsPerSecond();
    lines.append(
        String.format(
            Locale.ROOT,
            "%s at batch 1000: %.0f readings/s = %s %s (%.0f readings/s)%n",
            scenario,
            row.get().readingsPerSecond(),
            asMultiple
                ? String.format(Locale.ROOT, "%.1f×", ratio)
                : String.format(Locale.ROOT, "%.0f%% of", ratio * 100),
            reference,
            other.get().readingsPerSecond()));
  }

  static Optional<BenchRow> find(List<BenchRow> rows, String scenario, int batch) {
    return rows.stream()
        .filter(r -> r.scenario().equals(scenario) && r.batchSize() == batch)
        .findFirst();
  }
}
