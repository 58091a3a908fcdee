package org.metersync.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rows as a text table, the upload rows' per-batch statement times, and how the batch-1000 rows
 * compare with the targets.
 */
final class BenchTable {

  private static final String FORMAT = "%-18s %6s %9s %9s %12s %10s %9s %9s %10s%n";

  private static final String TIMES_FORMAT = "%-18s %6s %7s %8s %8s %8s %7s %9s %8s %8s %7s  %s%n";

  private BenchTable() {}

  /** The line above the table: which server, with which commit setting, and how much history. */
  static String header(ServerUnderTest server) {
    return "database: " + server.describe() + System.lineSeparator();
  }

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

  /**
   * The per-batch select and mark times of the rows that have them, in milliseconds, the slowest
   * mark against the median, and what the planner knew of the table when the run started; nothing
   * when no row has them.
   */
  static String statementTimes(List<BenchRow> rows) {
    List<BenchRow> timed = rows.stream().filter(r -> r.statementTimes().isPresent()).toList();
    if (timed.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            TIMES_FORMAT,
            "PER BATCH (ms)",
            "BATCH",
            "SELECTS",
            "SEL MEAN",
            "SEL MED",
            "SEL MAX",
            "MARKS",
            "MARK MEAN",
            "MARK MED",
            "MARK MAX",
            "MAX/MED",
            "STATISTICS AT START"));
    for (BenchRow row : timed) {
      StatementTimes times = row.statementTimes().get();
      table.append(
          String.format(
              Locale.ROOT,
              TIMES_FORMAT,
              row.scenario(),
              row.batchSize(),
              times.select().count(),
              ms(times.select().meanMs()),
              ms(times.select().medianMs()),
              ms(times.select().maxMs()),
              times.mark().count(),
              ms(times.mark().meanMs()),
              ms(times.mark().medianMs()),
              ms(times.mark().maxMs()),
              String.format(Locale.ROOT, "%.1f", times.markMaxToMedian()),
              row.statistics().map(PlannerStatistics::describe).orElse("")));
    }
    return table.toString();
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  /**
   * Lines comparing upload and download at batch 1000 with their floors and the baselines, the
   * fresh uploads with the settled ones, and each upload's slowest mark with its median.
   */
  static String targets(List<BenchRow> rows) {
    StringBuilder lines = new StringBuilder();
    compare(rows, BenchRow.UPLOAD_FRESH, BenchRow.UPLOAD, 1000, false, lines);
    compare(rows, BenchRow.FLOOR_UPLOAD_FRESH, BenchRow.FLOOR_UPLOAD, 1000, false, lines);
    compare(rows, BenchRow.UPLOAD, BenchRow.FLOOR_UPLOAD, 1000, false, lines);
    compare(rows, BenchRow.UPLOAD_FRESH, BenchRow.FLOOR_UPLOAD_FRESH, 1000, false, lines);
    compare(rows, BenchRow.DOWNLOAD, BenchRow.FLOOR_DOWNLOAD, 1000, false, lines);
    compare(rows, BenchRow.UPLOAD, BenchRow.BASELINE_UPLOAD, Scenarios.BASELINE_BATCH, true, lines);
    compare(
        rows, BenchRow.DOWNLOAD, BenchRow.BASELINE_DOWNLOAD, Scenarios.BASELINE_BATCH, true, lines);
    markSpread(rows, BenchRow.UPLOAD, lines);
    markSpread(rows, BenchRow.UPLOAD_FRESH, lines);
    return lines.toString();
  }

  private static void markSpread(List<BenchRow> rows, String scenario, StringBuilder lines) {
    Optional<StatementTimes> times = find(rows, scenario, 1000).flatMap(BenchRow::statementTimes);
    if (times.isEmpty() || times.get().mark().count() == 0) {
      return;
    }
    StatementTimes.Timings mark = times.get().mark();
    lines.append(
        String.format(
            Locale.ROOT,
            "%s at batch 1000: slowest mark %.3f ms = %.1f× the median mark (%.3f ms), mean %.3f"
                + " ms%n",
            scenario,
            mark.maxMs(),
            times.get().markMaxToMedian(),
            mark.medianMs(),
            mark.meanMs()));
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

  private static final String REMOTE_FORMAT =
      "%-19s %6s %10s %9s %6s  %8s %7s %6s %6s %6s %6s  %9s%n";

  /**
   * The remote-bound rows: readings/s against the direct upload at the same batch size, how busy
   * the client system was, and where each request's share of the run went (milliseconds per
   * request, {@link PerRequest}); the mean mark beside it, which overlaps the next request. Nothing
   * without such rows.
   */
  static String remote(List<BenchRow> rows) {
    List<BenchRow> remote = rows.stream().filter(r -> r.remote().isPresent()).toList();
    if (remote.isEmpty()) {
      return "";
    }
    StringBuilder table = new StringBuilder();
    table.append(
        String.format(
            Locale.ROOT,
            REMOTE_FORMAT,
            "REMOTE-BOUND",
            "BATCH",
            "READINGS/S",
            "OF DIRECT",
            "BUSY",
            "ms/REQ:",
            "SERVER",
            "HTTP",
            "SELECT",
            "RENEW",
            "OTHER",
            "MARK MEAN"));
    for (BenchRow row : remote) {
      Optional<BenchRow> direct = find(rows, BenchRow.REMOTE_DIRECT, row.batchSize());
      PerRequest per = PerRequest.of(row);
      table.append(
          String.format(
              Locale.ROOT,
              REMOTE_FORMAT,
              row.scenario(),
              row.batchSize(),
              String.format(Locale.ROOT, "%.0f", row.readingsPerSecond()),
              direct.map(d -> percent(row.readingsPerSecond() / d.readingsPerSecond())).orElse("-"),
              percent(row.remote().get().busyShare(row.seconds())),
              ms2(per.wall()),
              ms2(per.server()),
              ms2(per.http()),
              ms2(per.select()),
              ms2(per.renew()),
              ms2(per.other()),
              row.statementTimes().map(t -> ms(t.mark().meanMs())).orElse("-")));
    }
    return table.toString();
  }

  /**
   * A remote-bound run's time per upload request, in milliseconds: {@code wall} (the run's time
   * divided by its requests) = {@code server} (the client system's busy time, cost included) +
   * {@code http} (the rest of each request as its sender saw it: writing, transfer, reading the
   * answer) + {@code select} and {@code renew} (the upload's backlog reads and lease renewals, made
   * before each request) + {@code other} (the sender's remaining time between requests).
   */
  record PerRequest(
      double wall, double server, double http, double select, double renew, double other) {

    static PerRequest of(BenchRow row) {
      RemoteFigures figures = row.remote().orElseThrow();
      int requests = figures.requests().count();
      if (requests == 0) {
        return new PerRequest(0, 0, 0, 0, 0, 0);
      }
      double wall = row.seconds() * 1000 / requests;
      double server = figures.busySeconds() * 1000 / requests;
      double call = figures.requests().meanMs();
      double select =
          row.statementTimes().map(t -> t.select().meanMs() * t.select().count()).orElse(0.0)
              / requests;
      double renew = figures.renew().meanMs() * figures.renew().count() / requests;
      return new PerRequest(
          wall, server, call - server, select, renew, wall - call - select - renew);
    }
  }

  private static String ms2(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /** Lines comparing every remote-bound upload with the direct upload at its batch size. */
  static String remoteTargets(List<BenchRow> rows) {
    StringBuilder lines = new StringBuilder();
    for (BenchRow row : rows) {
      if (!row.scenario().equals(BenchRow.REMOTE_UPLOAD)
          && !row.scenario().equals(BenchRow.REMOTE_UPLOAD_FRESH)) {
        continue;
      }
      find(rows, BenchRow.REMOTE_DIRECT, row.batchSize())
          .ifPresent(
              direct -> {
                double ratio = row.readingsPerSecond() / direct.readingsPerSecond();
                lines.append(
                    String.format(
                        Locale.ROOT,
                        "%s at batch %d: %.0f readings/s = %s of %s (%.0f readings/s), target"
                            + " %s: %s%n",
                        row.scenario(),
                        row.batchSize(),
                        row.readingsPerSecond(),
                        percent(ratio),
                        BenchRow.REMOTE_DIRECT,
                        direct.readingsPerSecond(),
                        percent(REMOTE_TARGET),
                        ratio >= REMOTE_TARGET ? "met" : "not met"));
              });
    }
    return lines.toString();
  }

  /** The remote-bound upload's target: this share of the direct upload's readings/s. */
  static final double REMOTE_TARGET = 0.9;

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }

  static Optional<BenchRow> find(List<BenchRow> rows, String scenario, int batch) {
    return rows.stream()
        .filter(r -> r.scenario().equals(scenario) && r.batchSize() == batch)
        .findFirst();
  }
}
