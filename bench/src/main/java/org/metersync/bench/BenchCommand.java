package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code meter-sync bench}: how fast readings move, and with how many SQL statements, at each
 * upload batch size, against the naive per-row flow and against what the database alone costs.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure upload and download at each batch size: readings/s, SQL statements per",
      "1000 readings, HTTP requests, peak heap; beside the naive per-row flow",
      "(baseline-*) and what PostgreSQL alone costs (floor-*); uploads also on a",
      "fresh, never analyzed backlog (*-fresh). Runs on a temporary embedded",
      "PostgreSQL, or with --config on the configured database (tenants bench-*,",
      "deleted afterwards), against a client system on 127.0.0.1 that answers at",
      "once. With --remote (or a --remote-*-cost) the client system charges a time",
      "per request and per reading instead, and the upload (remote-upload, also",
      "fresh) is measured beside the same batches sent to it directly",
      "(remote-direct). Timings are for this machine and load."
    })
public final class BenchCommand implements Callable<Integer> {

  private static final List<String> ORDER =
      List.of(
          BenchRow.UPLOAD,
          BenchRow.UPLOAD_FRESH,
          BenchRow.FLOOR_UPLOAD,
          BenchRow.FLOOR_UPLOAD_FRESH,
          BenchRow.BASELINE_UPLOAD,
          BenchRow.DOWNLOAD,
          BenchRow.FLOOR_DOWNLOAD,
          BenchRow.BASELINE_DOWNLOAD);

  private final BenchHost host;

  @Spec CommandSpec spec;

  @Option(
      names = "--readings",
      paramLabel = "N",
      description =
          "Readings per scenario (default: "
              + BenchOptions.DEFAULT_READINGS
              + ", with --remote "
              + BenchOptions.DEFAULT_REMOTE_READINGS
              + ").")
  Integer readings;

  @Option(
      names = "--upload-batch-sizes",
      defaultValue = BenchOptions.DEFAULT_UPLOAD_BATCH_SIZES,
      paramLabel = "N,N,…",
      description = "Upload batch sizes to measure, 1..10000 (default: ${DEFAULT-VALUE}).")
  String uploadBatchSizes;

  @Option(
      names = "--download-batch-size",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Readings per download request (default: ${DEFAULT-VALUE}).")
  int downloadBatchSize;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON.")
  Path json;

  @Option(
      names = "--chart",
      paramLabel = "FILE.png",
      description = "Also draw readings/s and SQL statements per 1000 against batch size.")
  Path chart;

  @Option(
      names = "--repeat",
      defaultValue = "" + BenchOptions.DEFAULT_REPEAT,
      paramLabel = "N",
      description =
          "Measure every scenario N times and report the run with the median readings/s"
              + " (default: ${DEFAULT-VALUE}).")
  int repeat;

  @Option(
      names = "--synchronous-commit",
      defaultValue = "on",
      paramLabel = "on|off",
      description =
          "synchronous_commit of the embedded database (default: ${DEFAULT-VALUE}, as"
              + " PostgreSQL has it); with --config the server's own setting applies.")
  String synchronousCommit;

  @Option(
      names = "--history",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Preload N synchronized readings of "
              + BenchOptions.HISTORY_TENANTS
              + " other tenants, so each run drains its backlog inside a large table"
              + " (default: ${DEFAULT-VALUE}).")
  long history;

  @Option(
      names = "--remote",
      paramLabel = "PRESET",
      description =
          "Make the client system remote-bound with a preset cost: frost-like = 10 ms per"
              + " request + 0.6 ms per reading (FROST-Server's ~310 ms per 500 readings).")
  String remote;

  @Option(
      names = "--remote-request-cost",
      paramLabel = "DURATION",
      description =
          "Remote-bound: what every request costs (such as 10ms, 250us, 1s); replaces the"
              + " preset's.")
  String remoteRequestCost;

  @Option(
      names = "--remote-reading-cost",
      paramLabel = "DURATION",
      description =
          "Remote-bound: what every reading in a request costs (such as 0.6ms); replaces the"
              + " preset's.")
  String remoteReadingCost;

  @Option(names = "--keep", description = "Keep the temporary directory (embedded database).")
  boolean keep;

  @Option(names = "--verbose", description = "Log every batch (INFO), as the service does.")
  boolean verbose;

  /** The command, measuring the service that {@code host} opens. */
  public BenchCommand(BenchHost host) {
    this.host = requireNonNull(host, "host");
  }

  @Override
  public Integer call() throws Exception {
    BenchOptions options;
    try {
      Optional<RemoteCost> cost = RemoteCost.of(remote, remoteRequestCost, remoteReadingCost);
      options =
          BenchOptions.of(
                  readings == null ? BenchOptions.defaultReadings(cost.isPresent()) : readings,
                  uploadBatchSizes,
                  downloadBatchSize,
                  json,
                  chart,
                  repeat,
                  synchronousCommit,
                  history)
              .withRemote(cost);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    Optional<Path> configFile = configFile();
    if (configFile.isPresent()
        && spec.commandLine().getParseResult() != null
        && spec.commandLine().getParseResult().hasMatchedOption("--synchronous-commit")) {
      throw new ParameterException(
          spec.commandLine(),
          "--synchronous-commit sets the bench's embedded database; with --config the configured"
              + " server's own synchronous_commit applies (the output shows it)");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Level previous = quietLogs();
    try (BenchEnvironment environment =
        BenchEnvironment.open(host, configFile, keep, options.synchronousCommit())) {
      Scenarios scenarios = new Scenarios(environment, downloadBatchSize);
      preloadHistory(scenarios, options, err);
      ServerUnderTest server = environment.server(options.history(), options.historyTenants());
      out.printf(
          "meter-sync bench: %d readings per scenario, upload batch sizes %s, download batch size"
              + " %d%n%s; database: %s%n",
          options.readings(),
          options.uploadBatchSizes(),
          options.downloadBatchSize(),
          machine(),
          environment.databaseDescription());
      options.remote().ifPresent(cost -> out.printf("client system: %s%n", remoteLine(cost)));
      out.flush();
      List<BenchRow> rows =
          options.remote().isPresent()
              ? runRemote(scenarios, options, options.remote().get(), err)
              : run(scenarios, options, err);
      out.println();
      out.print(BenchTable.header(server));
      options.remote().ifPresent(cost -> out.printf("client system: %s%n", remoteLine(cost)));
      out.print(BenchTable.format(rows));
      out.println();
      if (options.remote().isPresent()) {
        out.print(BenchTable.remote(rows));
        out.println();
        out.print(BenchTable.remoteTargets(rows));
      } else {
        out.print(BenchTable.statementTimes(rows));
        out.println();
        out.print(BenchTable.targets(rows));
      }
      if (options.json().isPresent()) {
        BenchJson.write(server, options.remote(), rows, options.json().get());
        out.printf("JSON written to %s%n", options.json().get());
      }
      if (options.chart().isPresent()) {
        BenchChart.write(rows, options.chart().get());
        out.printf("chart written to %s%n", options.chart().get());
      }
      if (keep) {
        out.printf("benchmark directory kept: %s%n", environment.workDirectory());
      }
      out.flush();
      return CommandLine.ExitCode.OK;
    } finally {
      restoreLogs(previous);
    }
  }

  private static void preloadHistory(Scenarios scenarios, BenchOptions options, PrintWriter err) {
    if (options.history() == 0) {
      return;
    }
    err.printf(
        "history: %d synchronized readings of %d other tenants…%n",
        options.history(), options.historyTenants());
    err.flush();
    long start = System.nanoTime();
    scenarios.history(options.history(), options.historyTenants());
    err.printf(
        Locale.ROOT,
        "history: inserted and settled in %.1f s%n",
        (System.nanoTime() - start) / 1e9);
    err.flush();
  }

  static final int WARMUP_BATCHES = 3000;

  static final int WARMUP_BATCH_SIZE = 10;

  /**
   * A warm-up, then the measured runs, sorted for the table. The JIT compiles a method after some
   * thousands of calls, and the per-batch code runs once per batch: so every flow first runs up to
   * {@value #WARMUP_BATCHES} batches of {@value #WARMUP_BATCH_SIZE} (no more readings than a
   * measured run), then every scenario once at every batch size, so that no measured run pays for
   * compiling code that the later ones use. The upload scenarios are then measured on a settled and
   * on a fresh backlog ({@link Scenarios.Backlog}).
   */
  static List<BenchRow> run(Scenarios scenarios, BenchOptions options, PrintWriter progress)
      throws Exception {
    int warmup = options.warmupReadings();
    int perBatch = Math.min(WARMUP_BATCHES * WARMUP_BATCH_SIZE, options.readings());
    progress.printf(
        "warm-up: %d readings per flow in batches of %d, then every scenario at every batch size"
            + " with %d readings%n",
        perBatch, WARMUP_BATCH_SIZE, warmup);
    progress.flush();
    scenarios.upload(WARMUP_BATCH_SIZE, perBatch, "-warmup-batches");
    scenarios.floorUpload(WARMUP_BATCH_SIZE, perBatch, "-warmup-batches");
    scenarios.download(WARMUP_BATCH_SIZE, perBatch, "-warmup-batches");
    scenarios.floorDownload(WARMUP_BATCH_SIZE, perBatch, "-warmup-batches");
    scenarios.baselineUpload(warmup, "-warmup");
    scenarios.baselineDownload(warmup, "-warmup");
    for (int batch : options.uploadBatchSizes()) {
      scenarios.upload(batch, warmup, "-warmup");
      scenarios.floorUpload(batch, warmup, "-warmup");
      scenarios.download(batch, warmup, "-warmup");
      scenarios.floorDownload(batch, warmup, "-warmup");
    }
    List<BenchRow> rows = new ArrayList<>();
    int n = options.readings();
    int times = options.repeat();
    rows.add(median(progress, times, run -> scenarios.baselineUpload(n, run)));
    rows.add(median(progress, times, run -> scenarios.baselineDownload(n, run)));
    for (int batch : options.uploadBatchSizes()) {
      for (Scenarios.Backlog backlog : Scenarios.Backlog.values()) {
        rows.add(median(progress, times, run -> scenarios.upload(batch, n, run, backlog)));
        rows.add(median(progress, times, run -> scenarios.floorUpload(batch, n, run, backlog)));
      }
      rows.add(median(progress, times, run -> scenarios.download(batch, n, run)));
      rows.add(median(progress, times, run -> scenarios.floorDownload(batch, n, run)));
    }
    rows.sort(
        Comparator.comparingInt((BenchRow r) -> ORDER.indexOf(r.scenario()))
            .thenComparingInt(BenchRow::batchSize));
    return rows;
  }

  private static final List<String> REMOTE_ORDER =
      List.of(BenchRow.REMOTE_DIRECT, BenchRow.REMOTE_UPLOAD, BenchRow.REMOTE_UPLOAD_FRESH);

  /** How the remote-bound client system is described above the table. */
  static String remoteLine(RemoteCost cost) {
    return "remote-bound, " + cost.describe() + ", one request at a time per tenant";
  }

  /**
   * The remote-bound runs: a warm-up of the upload against the client system answering at once (up
   * to {@value #WARMUP_BATCHES} batches of {@value #WARMUP_BATCH_SIZE}), then every remote scenario
   * once at every batch size; then, per batch size, the direct upload and the service's upload on a
   * settled and on a fresh backlog, each measured {@code --repeat} times.
   */
  static List<BenchRow> runRemote(
      Scenarios scenarios, BenchOptions options, RemoteCost cost, PrintWriter progress)
      throws Exception {
    int warmup = options.warmupReadings();
    int perBatch = Math.min(WARMUP_BATCHES * WARMUP_BATCH_SIZE, options.readings());
    progress.printf(
        "warm-up: %d readings in batches of %d to a client system that answers at once, then"
            + " every remote-bound scenario at every batch size with %d readings%n",
        perBatch, WARMUP_BATCH_SIZE, warmup);
    progress.flush();
    scenarios.upload(WARMUP_BATCH_SIZE, perBatch, "-warmup-batches");
    for (int batch : options.uploadBatchSizes()) {
      scenarios.remoteDirect(batch, warmup, "-warmup", cost);
      scenarios.remoteUpload(batch, warmup, "-warmup", Scenarios.Backlog.SETTLED, cost);
    }
    List<BenchRow> rows = new ArrayList<>();
    int n = options.readings();
    int times = options.repeat();
    for (int batch : options.uploadBatchSizes()) {
      rows.add(median(progress, times, run -> scenarios.remoteDirect(batch, n, run, cost)));
      for (Scenarios.Backlog backlog : Scenarios.Backlog.values()) {
        rows.add(
            median(progress, times, run -> scenarios.remoteUpload(batch, n, run, backlog, cost)));
      }
    }
    rows.sort(
        Comparator.comparingInt((BenchRow r) -> REMOTE_ORDER.indexOf(r.scenario()))
            .thenComparingInt(BenchRow::batchSize));
    return rows;
  }

  /** One measured scenario. */
  @FunctionalInterface
  interface Measurement {
    BenchRow run(String run) throws Exception;
  }

  /**
   * Measures the scenario {@code times} times, printing each, and returns the run with the median
   * readings/s (the lower of the two middle ones for an even count): one slow or fast outlier on a
   * shared machine does not decide the figure.
   */
  static BenchRow median(PrintWriter progress, int times, Measurement measurement)
      throws Exception {
    List<BenchRow> runs = new ArrayList<>(times);
    for (int i = 1; i <= times; i++) {
      runs.add(report(progress, measurement.run(times == 1 ? "" : "-run" + i)));
    }
    runs.sort(Comparator.comparingDouble(BenchRow::readingsPerSecond));
    return runs.get((times - 1) / 2);
  }

  private static BenchRow report(PrintWriter progress, BenchRow row) {
    progress.printf(
        Locale.ROOT,
        "%-18s batch %5d: %.3f s, %.0f readings/s, %d SQL statements, %d HTTP requests%s%n",
        row.scenario(),
        row.batchSize(),
        row.seconds(),
        row.readingsPerSecond(),
        row.sqlStatements(),
        row.httpRequests(),
        row.statementTimes().map(BenchCommand::meanTimes).orElse("")
            + row.remote()
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            "; client system busy %.1f%%",
                            100 * r.busyShare(row.seconds())))
                .orElse(""));
    progress.flush();
    return row;
  }

  /** {@code ; select mean 1.234 ms, mark mean 2.345 ms (median 2.100, max 4.000)}. */
  static String meanTimes(StatementTimes times) {
    return String.format(
        Locale.ROOT,
        "; select mean %.3f ms, mark mean %.3f ms (median %.3f, max %.3f)",
        times.select().meanMs(),
        times.mark().meanMs(),
        times.mark().medianMs(),
        times.mark().maxMs());
  }

  /**
   * The configuration file when {@code --config} was given (here or before the command): only then
   * does the benchmark run on the configured database.
   */
  private Optional<Path> configFile() {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      ParseResult parsed = s.commandLine().getParseResult();
      if (parsed != null && parsed.hasMatchedOption("--config")) {
        return Optional.of(parsed.matchedOptionValue("--config", (Path) null));
      }
    }
    return Optional.empty();
  }

  static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, Java %s (%s), max heap %d MB",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024));
  }

  private Level quietLogs() {
    Logger logger = (Logger) LoggerFactory.getLogger("org.metersync");
    Level previous = logger.getLevel();
    if (!verbose) {
      logger.setLevel(Level.WARN);
    }
    return previous;
  }

  private static void restoreLogs(Level previous) {
    ((Logger) LoggerFactory.getLogger("org.metersync")).setLevel(previous);
  }
}
