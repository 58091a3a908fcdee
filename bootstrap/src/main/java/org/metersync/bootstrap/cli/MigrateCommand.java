package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.metersync.application.port.SchemaMigrations;
import org.metersync.bootstrap.DaggerServiceComponent;
import org.metersync.bootstrap.DatabaseRuntime;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.bootstrap.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code meter-sync migrate}: brings the sync database's schema up to date, then exits. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description =
        "Apply pending database migrations and exit (the embedded database when none is configured).")
final class MigrateCommand implements Callable<Integer> {

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ServiceConfig config = main.loadConfig();
    ServiceComponent component = DaggerServiceComponent.factory().create(config);
    try (DatabaseRuntime database = component.database()) {
      SchemaMigrations.Result result = component.migrateSyncDatabase().migrate();
      PrintWriter out = spec.commandLine().getOut();
      out.println("database: " + database.description());
      if (result.applied().isEmpty()) {
        out.println(
            "schema is up to date at version " + result.schemaVersion() + "; nothing applied");
      } else {
        out.println("applied " + result.applied().size() + " migration(s):");
        result.applied().forEach(m -> out.println("  " + m));
        out.println("schema is now at version " + result.schemaVersion());
      }
      out.flush();
    }
    return Main.OK;
  }
}
