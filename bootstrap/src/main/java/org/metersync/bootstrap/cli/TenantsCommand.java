package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.bootstrap.Database;
import org.metersync.domain.CycleOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync tenants}: every tenant with its batch sizes, backlog and last cycle. */
@Command(
    name = "tenants",
    mixinStandardHelpOptions = true,
    description =
        "List tenants: client system, batch sizes, pending/failed/synchronized readings, last cycle.")
final class TenantsCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Database database = Database.open(main.loadConfig())) {
      List<TenantOverview> tenants = database.component().tenantOverviews().all();
      print(spec.commandLine().getOut(), tenants);
    }
    return Main.OK;
  }

  static void print(PrintWriter out, List<TenantOverview> tenants) {
    String format = "%-16s %-20s %-15s %9s %7s %9s %7s %13s  %s%n";
    out.printf(
        format,
        "TENANT",
        "NAME",
        "CLIENT SYSTEM",
        "DOWNLOAD",
        "UPLOAD",
        "PENDING",
        "FAILED",
        "SYNCHRONIZED",
        "LAST CYCLE");
    for (TenantOverview t : tenants) {
      out.printf(
          format,
          t.id(),
          abbreviate(t.name(), 20),
          abbreviate(t.clientSystemKind(), 15),
          t.batchSizes().sizes().download() + (t.batchSizes().usedDefaults() ? "*" : ""),
          t.batchSizes().sizes().upload() + (t.batchSizes().usedDefaults() ? "*" : ""),
          t.pending(),
          t.failed(),
          t.synchronizedCount(),
          t.lastCycle()
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

  private static String abbreviate(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }
}
