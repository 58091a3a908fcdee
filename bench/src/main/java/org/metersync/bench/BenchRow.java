package org.metersync.bench;

import static java.util.Objects.requireNonNull;

/**
 * One measured scenario at one batch size: the figures of a table row and of a JSON object.
 *
 * @param seconds wall-clock time of the measured part (setup and clean-up excluded)
 * @param sqlStatements statements sent to PostgreSQL, counted the same way for every scenario
 * @param httpRequests requests the loopback client system answered
 * @param peakHeapMb the highest heap use sampled while the scenario ran, in MiB
 */
record BenchRow(
    String scenario,
    int batchSize,
    long readings,
    double seconds,
    long sqlStatements,
    long httpRequests,
    double peakHeapMb) {

  static final String UPLOAD = "upload";
  static final String DOWNLOAD = "download";
  static final String BASELINE_UPLOAD = "baseline-upload";
  static final String BASELINE_DOWNLOAD = "baseline-download";
  static final String FLOOR_UPLOAD = "floor-upload";
  static final String FLOOR_DOWNLOAD = "floor-download";

  BenchRow {
    requireNonNull(scenario, "scenario");
    if (readings < 1 || seconds <= 0 || sqlStatements < 0 || httpRequests < 0) {
      throw new IllegalArgumentException("impossible figures for " + scenario + ": " + readings);
    }
  }

  double readingsPerSecond() {
    return readings / seconds;
  }

  double sqlStatementsPer1000() {
    return sqlStatements * 1000.0 / readings;
  }
}
