package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.metersync.application.port.OperatorQueries.FailedReading;
import org.metersync.bootstrap.Database;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync failed ...}: readings the client system rejected for good. */
@Command(
    name = "failed",
    mixinStandardHelpOptions = true,
    description = "See and re-queue readings that failed after maxRetries attempts.",
    subcommands = {FailedCommand.ListFailed.class, FailedCommand.Retry.class})
final class FailedCommand {

  @ParentCommand Main main;

  /** {@code failed list [--tenant ID] [--limit N]}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List failed readings with the client system's last reason, oldest first.")
  static final class ListFailed implements Callable<Integer> {

    @ParentCommand FailedCommand failed;
    @Spec CommandSpec spec;

    @Option(names = "--tenant", paramLabel = "ID", description = "Only this tenant.")
    String tenantId;

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "1000",
        description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
      }
      Optional<TenantId> tenant = Optional.ofNullable(tenantId).map(TenantId::of);
      try (Database database = Database.open(failed.main.loadConfig())) {
        print(
            spec.commandLine().getOut(), database.component().failedReadings().list(tenant, limit));
      }
      return Main.OK;
    }

    static void print(PrintWriter out, List<FailedReading> readings) {
      String format = "%-16s %-24s %-16s %-20s %8s  %s%n";
      out.printf(format, "TENANT", "READING", "METER", "TAKEN AT", "ATTEMPTS", "LAST ERROR");
      for (FailedReading r : readings) {
        out.printf(
            format,
            r.tenantId(),
            r.readingId(),
            r.meterId(),
            DateTimeFormatter.ISO_INSTANT.format(r.takenAt().truncatedTo(ChronoUnit.SECONDS)),
            r.attempts(),
            r.lastError());
      }
      out.println(readings.size() + " failed reading(s)");
      out.flush();
    }
  }

  /** {@code failed retry --tenant ID (--all | IDS...)}. */
  @Command(
      name = "retry",
      mixinStandardHelpOptions = true,
      description =
          "Make failed readings pending again, attempts reset; the next cycle uploads them.")
  static final class Retry implements Callable<Integer> {

    @ParentCommand FailedCommand failed;
    @Spec CommandSpec spec;

    @Option(names = "--tenant", required = true, paramLabel = "ID", description = "The tenant.")
    String tenantId;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    static final class Which {
      @Option(names = "--all", description = "Every failed reading of the tenant.")
      boolean all;

      @Parameters(paramLabel = "READING_ID", arity = "1..*", description = "The readings.")
      List<String> ids;
    }

    @Override
    public Integer call() {
      TenantId tenant = TenantId.of(tenantId);
      Optional<List<ReadingId>> ids =
          which.all
              ? Optional.empty()
              : Optional.of(which.ids.stream().map(ReadingId::of).toList());
      int requeued;
      try (Database database = Database.open(failed.main.loadConfig())) {
        requeued = database.component().failedReadings().retry(tenant, ids);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf("tenant %s: %d failed reading(s) re-queued as pending%n", tenant, requeued);
      if (ids.isPresent() && requeued < ids.get().size()) {
        out.printf(
            "%d of the given ids were not failed readings of tenant %s%n",
            ids.get().size() - requeued, tenant);
      }
      out.flush();
      return Main.OK;
    }
  }
}
