package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command's own logic. The run end to end, on the service as the composition root wires it, is
 * bootstrap's {@code BenchSubcommandTest}.
 */
class BenchCommandTest {

  /** Options are checked before any service is opened. */
  private static final BenchHost NO_SERVICE =
      (configFile, directory, synchronousCommit) -> {
        throw new AssertionError("no service should be opened");
      };

  @Test
  void median_ofEachRepetition_isTheMiddleByReadingsPerSecondAndEveryRunIsPrinted()
      throws Exception {
    double[] seconds = {2.0, 1.0, 4.0, 3.0, 5.0};
    List<String> runs = new ArrayList<>();
    StringWriter progress = new StringWriter();

    BenchRow median =
        BenchCommand.median(
            new PrintWriter(progress),
            5,
            run -> {
              runs.add(run);
              return new BenchRow("upload", 100, 1000, seconds[runs.size() - 1], 20, 10, 50);
            });

    assertEquals(List.of("-run1", "-run2", "-run3", "-run4", "-run5"), runs);
    assertEquals(3.0, median.seconds());
    assertEquals(5, progress.toString().lines().count(), progress.toString());
    BenchRow lowerMiddle =
        BenchCommand.median(
            new PrintWriter(new StringWriter()),
            2,
            run -> new BenchRow("upload", 100, 1000, run.equals("-run1") ? 1.0 : 2.0, 20, 10, 50));
    assertEquals(2.0, lowerMiddle.seconds(), "of two, the slower");
  }

  @Test
  void bench_badBatchSizes_usageErrorNamingTheOption() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BenchCommand(NO_SERVICE));
    command.setOut(new PrintWriter(new StringWriter()));
    command.setErr(new PrintWriter(err));

    int status = command.execute("--upload-batch-sizes", "100,lots");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(
        err.toString().contains("--upload-batch-sizes: 'lots' is not a whole number"),
        err.toString());
  }

  @Test
  void bench_synchronousCommitNeitherOnNorOff_usageErrorNamingTheOptionAndValue() {
    StringWriter err = new StringWriter();

    int status = command(err).execute("--synchronous-commit", "sometimes");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(
        err.toString().contains("--synchronous-commit must be on or off, was 'sometimes'"),
        err.toString());
  }

  @Test
  void bench_unknownRemotePreset_usageErrorNamingTheOptionAndThePresets() {
    StringWriter err = new StringWriter();

    int status = command(err).execute("--remote", "slow");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(
        err.toString().contains("--remote must name a preset (frost-like), was 'slow'"),
        err.toString());
  }

  @Test
  void bench_remoteCostWithoutUnit_usageErrorNamingTheOption() {
    StringWriter err = new StringWriter();

    int status = command(err).execute("--remote-reading-cost", "0.6");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(
        err.toString().contains("--remote-reading-cost must be a duration such as 10ms"),
        err.toString());
  }

  @Test
  void remoteLine_frostLike_costAndConcurrency() {
    assertEquals(
        "remote-bound, 10 ms per request + 0.6 ms per reading (frost-like), one request at a time"
            + " per tenant",
        BenchCommand.remoteLine(RemoteCost.FROST_LIKE));
  }

  @Test
  void bench_negativeHistory_usageErrorNamingTheOption() {
    StringWriter err = new StringWriter();

    int status = command(err).execute("--history", "-1");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(err.toString().contains("--history must be between 0 and"), err.toString());
  }

  @Test
  void bench_synchronousCommitWithConfig_usageErrorSayingTheServerDecides() {
    StringWriter err = new StringWriter();
    CommandLine main = new CommandLine(new WithConfig());
    main.addSubcommand("bench", new BenchCommand(NO_SERVICE));
    main.setErr(new PrintWriter(err));
    main.setOut(new PrintWriter(new StringWriter()));

    int status =
        main.execute("--config", "meter-sync.properties", "bench", "--synchronous-commit", "off");

    assertEquals(CommandLine.ExitCode.USAGE, status);
    assertTrue(
        err.toString().contains("with --config the configured server's own synchronous_commit"),
        err.toString());
  }

  @Test
  void meanTimes_statementTimes_selectAndMarkMeansWithMarkMedianAndMax() {
    StatementTimes times =
        new StatementTimes(
            StatementTimes.Timings.ofNanos(1_000_000, 3_000_000),
            StatementTimes.Timings.ofNanos(2_000_000, 2_500_000, 9_000_000));

    assertEquals(
        "; select mean 2.000 ms, mark mean 4.500 ms (median 2.500, max 9.000)",
        BenchCommand.meanTimes(times));
  }

  private static CommandLine command(StringWriter err) {
    CommandLine command = new CommandLine(new BenchCommand(NO_SERVICE));
    command.setOut(new PrintWriter(new StringWriter()));
    command.setErr(new PrintWriter(err));
    return command;
  }

  /** A stand-in for the service's main command, which carries {@code --config}. */
  @Command(name = "meter-sync")
  static final class WithConfig implements Runnable {
    @Option(names = "--config")
    Path config;

    @Override
    public void run() {}
  }
}
