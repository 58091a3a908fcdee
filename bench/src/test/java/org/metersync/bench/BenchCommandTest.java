package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command's own logic. The run end to end, on the service as the composition root wires it, is
 * bootstrap's {@code BenchSubcommandTest}.
 */
class BenchCommandTest {

  /** Options are checked before any service is opened. */
  private static final BenchHost NO_SERVICE =
      (configFile, directory) -> {
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
}
