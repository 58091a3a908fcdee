package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.metersync.application.BatchListener;
import org.metersync.application.CycleReport;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.bootstrap.Database;
import org.metersync.bootstrap.Service;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.ServiceTenants;
import org.metersync.bootstrap.loop.ShutdownSignal;
import org.metersync.bootstrap.loop.TenantSync;
import org.metersync.domain.TenantId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync sync --tenant ID [--once]}: sync one tenant now, with progress. */
@Command(
    name = "sync",
    mixinStandardHelpOptions = true,
    description = {
      "Sync one tenant now, with progress: on a terminal a live line, elsewhere a line per batch.",
      "With --once: one cycle, then exit (1 if it failed). Without: keep syncing it until SIGTERM."
    })
final class SyncCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--tenant", required = true, paramLabel = "ID", description = "The tenant.")
  String tenantId;

  @Option(names = "--once", description = "Run one cycle and exit.")
  boolean once;

  @Option(
      names = "--verbose",
      description = "On a terminal, show the whole log, not only warnings and errors.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    TenantId tenant = TenantId.of(tenantId);
    PrintWriter out = spec.commandLine().getOut();
    BatchListener lines =
        (id, operation, batch, readings) -> {
          out.printf("%s %s batch %d: %d readings%n", id, operation, batch, readings);
          out.flush();
        };
    ServiceConfig config = main.loadConfig();
    try (Progress progress = Progress.open(out, verbose, lines)) {
      return sync(config, tenant, out, progress);
    }
  }

  private int sync(ServiceConfig config, TenantId tenant, PrintWriter out, Progress progress)
      throws InterruptedException {
    if (!once) {
      ShutdownSignal signal = new ShutdownSignal().install();
      Database database = Database.openWithClientSystems(config);
      try {
        progress.tenant(tenant, pending(database.component(), tenant), OptionalLong.empty());
      } catch (RuntimeException e) {
        database.close();
        throw e;
      }
      try (Service service = Service.start(config, database, Optional.of(tenant), progress, true)) {
        progress.start();
        signal.await();
      }
      return Main.OK;
    }
    try (Database database = Database.openWithClientSystems(config)) {
      ServiceComponent component = database.component();
      TenantSync sync =
          ServiceTenants.assemble(config, component, progress, Optional.of(tenant)).get(0);
      progress.tenant(tenant, pending(component, tenant), OptionalLong.empty()).start();
      Optional<CycleReport> ran = component.tenantCycles().runLocked(sync.cycle(), () -> false);
      // Nothing else may be printed below live lines while they are redrawn.
      progress.finish();
      if (ran.isEmpty()) {
        spec.commandLine()
            .getErr()
            .printf(
                "meter-sync: tenant %s is being synced by a running service right now%n", tenant);
        return Main.FAILURE;
      }
      CycleReport report = ran.get();
      out.printf(
          "%s: %s; uploaded %d (%d accepted, %d already present, %d rejected (retry), %d failed;"
              + " %d marked synchronized), downloaded %d"
              + " (inserted %d), %d batches, %d SQL statements, %d ms%n",
          tenant,
          report.outcome().code()
              + report.failures().stream()
                  .map(f -> ": " + f.getMessage())
                  .reduce("", String::concat),
          report.upload().readings(),
          report.upload().accepted(),
          report.upload().alreadyPresent(),
          report.upload().retried(),
          report.upload().failed(),
          report.upload().synchronizedCount(),
          report.download() == null ? 0 : report.download().received(),
          report.download() == null ? 0 : report.download().inserted(),
          report.batches(),
          report.sqlStatements(),
          report.duration().toMillis());
      out.flush();
      component.pipelineThreads().close();
      component.clientSystemKinds().close();
      return report.succeeded() ? Main.OK : Main.FAILURE;
    }
  }

  /** The tenant's readings waiting for upload; none if it is not registered yet. */
  private static long pending(ServiceComponent component, TenantId tenant) {
    return component.tenantOverviews().all().stream()
        .filter(t -> t.id().equals(tenant))
        .mapToLong(TenantOverview::pending)
        .sum();
  }
}
