package org.metersync.bootstrap.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.bench.BenchCommand;
import org.metersync.bootstrap.Config;
import org.metersync.bootstrap.ConfigurationException;
import org.metersync.bootstrap.ServiceBenchHost;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.plugins.PluginException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code meter-sync} command line. Exit status: 0 ok, 1 runtime failure, 2 usage or config. */
@Command(
    name = "meter-sync",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description =
        "Keeps meter readings in sync between the sync database and each tenant's client system.",
    subcommands = {
      RunCommand.class,
      SyncCommand.class,
      MigrateCommand.class,
      TenantsCommand.class,
      TenantCommand.class,
      KindsCommand.class,
      FailedCommand.class,
      DemoCommand.class
    })
public final class Main {

  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  static final String DEFAULT_CONFIG = "meter-sync.properties";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description =
          "Configuration file (default: ${DEFAULT-VALUE} in the working directory, if present).",
      defaultValue = DEFAULT_CONFIG)
  Path config;

  boolean configGiven() {
    return !Path.of(DEFAULT_CONFIG).equals(config);
  }

  /** Loads the configuration; environment variables override the file. */
  ServiceConfig loadConfig() {
    ServiceConfig loaded = ServiceConfig.from(Config.load(config, configGiven(), environment()));
    System.setProperty("metersync.log.format", loaded.logFormat().name());
    return loaded;
  }

  Map<String, String> environment() {
    return System.getenv();
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit status. */
  public static int run(String... args) {
    return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
  }

  /** Runs the command line with its output going to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    // Added here rather than above: the bench takes the service it measures; help stays last.
    commandLine.addSubcommand("bench", new BenchCommand(new ServiceBenchHost()));
    commandLine.addSubcommand(new CommandLine.HelpCommand());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler(Main::handle);
    return commandLine.execute(args);
  }

  private static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof ConfigurationException) {
      err.println("meter-sync: configuration error: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof PluginException) {
      err.println("meter-sync: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof UnknownTenantException) {
      err.println("meter-sync: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof IllegalArgumentException) {
      err.println("meter-sync: " + e.getMessage());
      return USAGE;
    }
    if (e instanceof SyncDatabaseException) {
      err.println("meter-sync: database error: " + e.getMessage());
      return FAILURE;
    }
    err.println("meter-sync: failed: " + e);
    e.printStackTrace(err);
    return FAILURE;
  }

  /** This build's version, from the jar's manifest. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"meter-sync " + (version == null ? "(development build)" : version)};
    }
  }
}
