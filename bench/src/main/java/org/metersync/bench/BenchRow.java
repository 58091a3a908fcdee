package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * One measured scenario at one batch size: the figures of a table row and of a JSON object.
 *
 * @param seconds wall-clock time of the measured part (setup and clean-up excluded)
 * @param sqlStatements statements sent to PostgreSQL, counted the same way for every scenario
 * @param httpRequests requests the loopback client system answered
 * @param peakHeapMb the highest heap use sampled while the scenario ran, in MiB
 * @param statementTimes per-batch select and mark times (the upload scenarios)
 * @param statistics what the planner knew of the table when the run started (the upload scenarios)
 * @param remote the client system's busy time and the lease renewals (the remote-bound scenarios)
 */
record BenchRow(
    String scenario,
    int batchSize,
    long readings,
    double seconds,
    long sqlStatements,
    long httpRequests,
    double peakHeapMb,
    Optional<StatementTimes> statementTimes,
    Optional<PlannerStatistics> statistics,
    Optional<RemoteFigures> remote) {

  static final String UPLOAD = "upload";
  static final String UPLOAD_FRESH = "upload-fresh";
  static final String DOWNLOAD = "download";
  static final String BASELINE_UPLOAD = "baseline-upload";
  static final String BASELINE_DOWNLOAD = "baseline-download";
  static final String FLOOR_UPLOAD = "floor-upload";
  static final String FLOOR_UPLOAD_FRESH = "floor-upload-fresh";
  static final String FLOOR_DOWNLOAD = "floor-download";
  static final String REMOTE_UPLOAD = "remote-upload";
  static final String REMOTE_UPLOAD_FRESH = "remote-upload-fresh";
  static final String REMOTE_DIRECT = "remote-direct";

  /** What a scenario run on a fresh backlog is called: {@code upload} → {@code upload-fresh}. */
  static String fresh(String scenario) {
    return scenario + "-fresh";
  }

  BenchRow {
    requireNonNull(scenario, "scenario");
    requireNonNull(statementTimes, "statementTimes");
    requireNonNull(statistics, "statistics");
    requireNonNull(remote, "remote");
    if (readings < 1 || seconds <= 0 || sqlStatements < 0 || httpRequests < 0) {
      throw new IllegalArgumentException("impossible figures for " + scenario + ": " + readings);
    }
  }

  /** A row that is not remote-bound. */
  BenchRow(
      String scenario,
      int batchSize,
      long readings,
      double seconds,
      long sqlStatements,
      long httpRequests,
      double peakHeapMb,
      Optional<StatementTimes> statementTimes,
      Optional<PlannerStatistics> statistics) {
    this(
        scenario,
        batchSize,
        readings,
        seconds,
        sqlStatements,
        httpRequests,
        peakHeapMb,
        statementTimes,
        statistics,
        Optional.empty());
  }

  /** A row without statement times or statistics. */
  BenchRow(
      String scenario,
      int batchSize,
      long readings,
      double seconds,
      long sqlStatements,
      long httpRequests,
      double peakHeapMb) {
    this(
        scenario,
        batchSize,
        readings,
        seconds,
        sqlStatements,
        httpRequests,
        peakHeapMb,
        Optional.empty(),
        Optional.empty());
  }

  /** This row with the remote-bound run's figures. */
  BenchRow withRemote(RemoteFigures figures) {
    return new BenchRow(
        scenario,
        batchSize,
        readings,
        seconds,
        sqlStatements,
        httpRequests,
        peakHeapMb,
        statementTimes,
        statistics,
        Optional.of(figures));
  }

  double readingsPerSecond() {
    return readings / seconds;
  }

  double sqlStatementsPer1000() {
    return sqlStatements * 1000.0 / readings;
  }
}
