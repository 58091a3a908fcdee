package org.metersync.bootstrap.cli;

import java.util.concurrent.Callable;
import org.metersync.bootstrap.Database;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync tenant ...}: change one tenant. */
@Command(
    name = "tenant",
    mixinStandardHelpOptions = true,
    description = "Change a tenant's settings.",
    subcommands = {
      TenantCommand.SetBatchSizes.class,
      TenantCommand.ResetCursor.class,
      TenantCommand.Disable.class,
      TenantCommand.Enable.class
    })
final class TenantCommand {

  @ParentCommand Main main;

  /** {@code tenant set-batch-sizes ID --download N --upload M}. */
  @Command(
      name = "set-batch-sizes",
      mixinStandardHelpOptions = true,
      description = {
        "Set a tenant's batch sizes (each 1..10000).",
        "Running services use them from their next cycle for that tenant."
      })
  static final class SetBatchSizes implements Callable<Integer> {

    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The tenant id.")
    String tenantId;

    @Option(
        names = "--download",
        required = true,
        paramLabel = "N",
        description = "Readings per download request.")
    int download;

    @Option(
        names = "--upload",
        required = true,
        paramLabel = "M",
        description = "Readings per upload request and per insert statement.")
    int upload;

    @Override
    public Integer call() {
      TenantId id = TenantId.of(tenantId);
      // Validated before the database is even opened: a bad value writes nothing.
      BatchSizes sizes = new BatchSizes(download, upload);
      try (Database database = Database.open(tenant.main.loadConfig())) {
        database.component().tenantBatchSizes().set(id, sizes.download(), sizes.upload());
      }
      spec.commandLine()
          .getOut()
          .printf(
              "tenant %s: download_batch_size=%d upload_batch_size=%d; running services use them"
                  + " from their next cycle%n",
              id, sizes.download(), sizes.upload());
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }

  /** {@code tenant reset-cursor ID}. */
  @Command(
      name = "reset-cursor",
      mixinStandardHelpOptions = true,
      description = {
        "Forget where the tenant's downloads stand: the next download starts from the client",
        "system's beginning (e.g. after its base URL changed). Readings already stored are not",
        "inserted twice."
      })
  static final class ResetCursor extends OneTenantChange {
    ResetCursor() {
      super(
          "tenant %s: download cursor reset; the next download starts from the beginning%n",
          "tenant %s: had no download cursor; nothing to reset%n");
    }

    @Override
    boolean change(ServiceComponent component, TenantId id) {
      return component.resetDownloadCursor().reset(id);
    }
  }

  /** {@code tenant disable ID}. */
  @Command(
      name = "disable",
      mixinStandardHelpOptions = true,
      description = {
        "Stop syncing a tenant; its readings, cursor and history are kept.",
        "Running services stop within one sync interval (at once when notified); a cycle in",
        "flight stops after its current batch."
      })
  static final class Disable extends OneTenantChange {
    Disable() {
      super(
          "tenant %s: disabled; running services stop syncing it, its data is kept%n",
          "tenant %s: already disabled%n");
    }

    @Override
    boolean change(ServiceComponent component, TenantId id) {
      return component.tenantActivation().disable(id);
    }
  }

  /** {@code tenant enable ID}. */
  @Command(
      name = "enable",
      mixinStandardHelpOptions = true,
      description = {
        "Sync a disabled tenant again.",
        "Running services resume it within one sync interval (at once when notified)."
      })
  static final class Enable extends OneTenantChange {
    Enable() {
      super("tenant %s: enabled; running services sync it again%n", "tenant %s: already enabled%n");
    }

    @Override
    boolean change(ServiceComponent component, TenantId id) {
      return component.tenantActivation().enable(id);
    }
  }

  /** A command that makes one change to one tenant and says whether anything changed. */
  abstract static class OneTenantChange implements Callable<Integer> {

    @ParentCommand TenantCommand tenant;
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The tenant id.")
    String tenantId;

    private final String changed;
    private final String unchanged;

    OneTenantChange(String changed, String unchanged) {
      this.changed = changed;
      this.unchanged = unchanged;
    }

    /** Makes the change; whether anything changed. */
    abstract boolean change(ServiceComponent component, TenantId id);

    @Override
    public Integer call() {
      TenantId id = TenantId.of(tenantId);
      boolean done;
      try (Database database = Database.open(tenant.main.loadConfig())) {
        done = change(database.component(), id);
      }
      spec.commandLine().getOut().printf(done ? changed : unchanged, id);
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }
}
