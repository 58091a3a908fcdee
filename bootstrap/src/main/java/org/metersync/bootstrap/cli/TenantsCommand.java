package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.metersync.application.port.CycleHistory;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.bootstrap.Database;
import org.metersync.domain.CycleOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code meter-sync tenants}: every tenant with whether it is synced, its batch sizes, backlog, lag
 * and last cycle.
 */
@Command(
    name = "tenants",
    mixinStandardHelpOptions = true,
    description = {
      "List tenants: enabled or disabled, client system, batch sizes, pending/failed/synchronized",
      "readings, how long the oldest pending reading has waited, the last successful upload and",
      "download, and the last cycle."
    })
final class TenantsCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Database database = Database.open(main.loadConfig())) {
      List<TenantOverview> tenants = database.component().tenantOverviews().all();
      print(spec.commandLine().getOut(), tenants, Clock.systemUTC().instant());
    }
    return Main.OK;
  }

  static void print(PrintWriter out, List<TenantOverview> tenants, Instant now) {
    String format = "%-16s %-8s %-20s %-15s %8s %6s %8s %6s %12s %14s %11s %13s  %s%n";
    out.printf(
        format,
        "TENANT",
        "STATE",
        "NAME",
        "CLIENT SYSTEM",
        "DOWNLOAD",
        "UPLOAD",
        "PENDING",
        "FAILED",
        "SYNCHRONIZED",
        "OLDEST PENDING",
        "LAST UPLOAD",
        "LAST DOWNLOAD",
        "LAST CYCLE");
    for (TenantOverview t : tenants) {
      Optional<CycleHistory.CycleRecord> cycle = t.lastCycle();
      out.printf(
          format,
          t.id(),
          t.enabled() ? "enabled" : "disabled",
          abbreviate(t.name(), 20),
          abbreviate(t.clientSystemKind(), 15),
          t.batchSizes().sizes().download() + (t.batchSizes().usedDefaults() ? "*" : ""),
          t.batchSizes().sizes().upload() + (t.batchSizes().usedDefaults() ? "*" : ""),
          t.pending(),
          t.failed(),
          t.synchronizedCount(),
          t.pending() == 0 ? "-" : age(t.oldestPendingAge()),
          ago(cycle.flatMap(CycleHistory.CycleRecord::lastSuccessfulUpload), now),
          ago(cycle.flatMap(CycleHistory.CycleRecord::lastSuccessfulDownload), now),
          cycle
              .map(
                  c ->
                      DateTimeFormatter.ISO_INSTANT.format(c.at().truncatedTo(ChronoUnit.SECONDS))
                          + " "
                          + c.outcome().code()
                          + (c.outcome() == CycleOutcome.FAILED ? ": " + c.error().orElse("") : ""))
              .orElse("never"));
    }
    if (tenants.stream().anyMatch(t -> t.batchSizes().usedDefaults())) {
      out.println("* stored value missing or invalid; the default is used");
    }
    if (tenants.isEmpty()) {
      out.println("(no tenants: add them under tenants.<id>.* in the configuration)");
    }
    out.flush();
  }

  /** How long ago, or {@code never}. */
  private static String ago(Optional<Instant> at, Instant now) {
    return at.map(a -> age(Duration.between(a, now)) + " ago").orElse("never");
  }

  /**
   * A duration in its two largest units: {@code 45s}, {@code 12m05s}, {@code 3h02m}, {@code 2d04h}.
   */
  static String age(Duration duration) {
    long s = Math.max(0, duration.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    if (s < 86_400) {
      return String.format("%dh%02dm", s / 3600, s % 3600 / 60);
    }
    return String.format("%dd%02dh", s / 86_400, s % 86_400 / 3600);
  }

  private static String abbreviate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
