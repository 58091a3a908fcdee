package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.metersync.domain.BatchSizes;

/**
 * What {@code meter-sync bench} was asked to do, checked. Every problem is an {@link
 * IllegalArgumentException} whose message names the option.
 *
 * @param readings readings per scenario
 * @param uploadBatchSizes the batch sizes measured, ascending, each once
 * @param downloadBatchSize readings per download request
 * @param json where to write the rows as JSON, if anywhere
 * @param chart where to draw the chart (a {@code .png}), if anywhere
 * @param repeat how often each scenario is measured; the run with the median readings/s is reported
 * @param synchronousCommit whether the embedded database waits for the WAL flush at commit
 * @param history synchronized readings of other tenants preloaded before the runs (0: none)
 * @param remote what the client system charges per request and reading: the remote-bound scenarios
 *     instead of the others; empty: it answers at once
 */
record BenchOptions(
    int readings,
    List<Integer> uploadBatchSizes,
    int downloadBatchSize,
    Optional<Path> json,
    Optional<Path> chart,
    int repeat,
    boolean synchronousCommit,
    long history,
    Optional<RemoteCost> remote) {

  static final int MAX_READINGS = 100_000_000;
  static final int DEFAULT_READINGS = 100_000;

  /** Remote-bound runs take about a minute per 100,000 readings at the frost-like cost. */
  static final int DEFAULT_REMOTE_READINGS = 10_000;

  static final int MAX_REPEAT = 25;
  static final int DEFAULT_REPEAT = 3;
  static final String DEFAULT_UPLOAD_BATCH_SIZES = "10,100,1000,5000";
  static final long MAX_HISTORY = 1_000_000_000L;

  /** History readings are dealt over this many tenants (fewer for a smaller history). */
  static final int HISTORY_TENANTS = 1000;

  BenchOptions {
    if (readings < 1 || readings > MAX_READINGS) {
      throw new IllegalArgumentException(
          "--readings must be between 1 and " + MAX_READINGS + ", was " + readings);
    }
    uploadBatchSizes = List.copyOf(uploadBatchSizes);
    if (uploadBatchSizes.isEmpty()) {
      throw new IllegalArgumentException("--upload-batch-sizes needs at least one size");
    }
    uploadBatchSizes.forEach(size -> requireBatchSize("--upload-batch-sizes", size));
    requireBatchSize("--download-batch-size", downloadBatchSize);
    if (repeat < 1 || repeat > MAX_REPEAT) {
      throw new IllegalArgumentException(
          "--repeat must be between 1 and " + MAX_REPEAT + ", was " + repeat);
    }
    if (history < 0 || history > MAX_HISTORY) {
      throw new IllegalArgumentException(
          "--history must be between 0 and " + MAX_HISTORY + ", was " + history);
    }
    requireNonNull(remote, "remote");
    requireNonNull(json, "json");
    requireNonNull(chart, "chart");
    chart.ifPresent(
        path -> {
          if (!path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--chart must name a .png file, was " + path);
          }
        });
  }

  /** The options from the command line's raw values, each scenario measured once. */
  static BenchOptions of(
      int readings, String uploadBatchSizes, int downloadBatchSize, Path json, Path chart) {
    return of(readings, uploadBatchSizes, downloadBatchSize, json, chart, 1);
  }

  /** The options from the command line's raw values; synchronous commit on, no history. */
  static BenchOptions of(
      int readings,
      String uploadBatchSizes,
      int downloadBatchSize,
      Path json,
      Path chart,
      int repeat) {
    return of(readings, uploadBatchSizes, downloadBatchSize, json, chart, repeat, "on", 0);
  }

  /** The options from the command line's raw values. */
  static BenchOptions of(
      int readings,
      String uploadBatchSizes,
      int downloadBatchSize,
      Path json,
      Path chart,
      int repeat,
      String synchronousCommit,
      long history) {
    return new BenchOptions(
        readings,
        parseBatchSizes(uploadBatchSizes),
        downloadBatchSize,
        Optional.ofNullable(json),
        Optional.ofNullable(chart),
        repeat,
        parseSynchronousCommit(synchronousCommit),
        history,
        Optional.empty());
  }

  /** These options measuring against a client system that charges {@code cost}. */
  BenchOptions withRemote(Optional<RemoteCost> cost) {
    return new BenchOptions(
        readings,
        uploadBatchSizes,
        downloadBatchSize,
        json,
        chart,
        repeat,
        synchronousCommit,
        history,
        cost);
  }

  /** The readings per scenario when {@code --readings} is not given. */
  static int defaultReadings(boolean remote) {
    return remote ? DEFAULT_REMOTE_READINGS : DEFAULT_READINGS;
  }

  /** {@code on} or {@code off}, as PostgreSQL spells them. */
  static boolean parseSynchronousCommit(String text) {
    requireNonNull(text, "text");
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "on" -> true;
      case "off" -> false;
      default ->
          throw new IllegalArgumentException(
              "--synchronous-commit must be on or off, was '" + text + "'");
    };
  }

  /** The tenants the history is dealt over: {@value #HISTORY_TENANTS}, or one per reading. */
  int historyTenants() {
    return (int) Math.min(HISTORY_TENANTS, history);
  }

  /** {@code "10,100,1000"}: ascending, each once, every one 1..10000. */
  static List<Integer> parseBatchSizes(String text) {
    requireNonNull(text, "text");
    TreeSet<Integer> sizes = new TreeSet<>();
    for (String part : text.split(",", -1)) {
      String trimmed = part.trim();
      if (trimmed.isEmpty()) {
        throw new IllegalArgumentException(
            "--upload-batch-sizes must be a comma-separated list of whole numbers such as "
                + DEFAULT_UPLOAD_BATCH_SIZES
                + ", was '"
                + text
                + "'");
      }
      int size;
      try {
        size = Integer.parseInt(trimmed);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--upload-batch-sizes: '" + trimmed + "' is not a whole number (in '" + text + "')");
      }
      requireBatchSize("--upload-batch-sizes", size);
      sizes.add(size);
    }
    return new ArrayList<>(sizes);
  }

  /** Readings of the warm-up run of every scenario: a tenth, at least 1000, at most 20000. */
  int warmupReadings() {
    return Math.min(readings, Math.max(1_000, Math.min(20_000, readings / 10)));
  }

  private static void requireBatchSize(String option, int size) {
    if (size < BatchSizes.MIN || size > BatchSizes.MAX) {
      throw new IllegalArgumentException(
          option
              + " must be between "
              + BatchSizes.MIN
              + " and "
              + BatchSizes.MAX
              + " (the tenant table's limits), was "
              + size);
    }
  }
}
