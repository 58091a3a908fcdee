package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.metersync.bootstrap.DaggerServiceComponent;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.plugins.ClientSystemKinds;
import org.metersync.bootstrap.plugins.ClientSystemKinds.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync kinds}: the kinds of client system found, built in and plug-ins. */
@Command(
    name = "kinds",
    mixinStandardHelpOptions = true,
    description = {
      "List the kinds of client system known: built in, or from plug-in jars.",
      "Shows where each came from and its SPI version. Needs no database."
    })
final class KindsCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ServiceConfig config = main.loadConfig();
    // Loaded as the service loads them (same context), but nothing starts the database.
    ServiceComponent component = DaggerServiceComponent.factory().create(config);
    try (ClientSystemKinds kinds = component.clientSystemKinds()) {
      print(spec.commandLine().getOut(), kinds.kinds(), config.pluginsDirectory());
    }
    return Main.OK;
  }

  static void print(PrintWriter out, List<Kind> kinds, Path pluginsDirectory) {
    int width = kinds.stream().mapToInt(k -> k.kind().length()).max().orElse(0);
    String format = "%-" + Math.max(width, "KIND".length()) + "s  %3s  %s%n";
    out.printf(format, "KIND", "SPI", "ORIGIN");
    for (Kind kind : kinds) {
      out.printf(format, kind.kind(), kind.spiVersion(), kind.origin());
    }
    Path directory = pluginsDirectory.toAbsolutePath().normalize();
    out.println(
        "plug-ins directory: "
            + directory
            + (Files.isDirectory(directory) ? "" : " (does not exist: no plug-ins)"));
    out.flush();
  }
}
