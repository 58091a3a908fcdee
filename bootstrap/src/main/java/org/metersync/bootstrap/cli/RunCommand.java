package org.metersync.bootstrap.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import org.metersync.application.BatchListener;
import org.metersync.bootstrap.Service;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.loop.ShutdownSignal;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code meter-sync run}: the service, until SIGTERM or SIGINT. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run the service: migrate the database, then sync every tenant until SIGTERM/SIGINT.",
      "On a signal it stops taking work, lets batches in flight finish and exits 0."
    })
final class RunCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() throws InterruptedException {
    ServiceConfig config = main.loadConfig();
    ShutdownSignal signal = new ShutdownSignal().install();
    try (Service service = Service.start(config, Optional.empty(), BatchListener.NONE, false)) {
      signal.await();
    }
    return Main.OK;
  }
}
