package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.bootstrap.CommandLineRun;
import org.metersync.bootstrap.plugins.PluginJars;
import org.metersync.bootstrap.plugins.PluginJars.Plugin;
import org.metersync.spi.ClientSystemSpi;

/** {@code meter-sync kinds}, in-process; no database is configured, and none is needed. */
class KindsCommandTest {

  @TempDir Path dir;

  private String config(Path plugins) throws IOException {
    Path file = dir.resolve("meter-sync.properties");
    Files.writeString(file, "plugins.directory=" + plugins + "\n");
    return file.toString();
  }

  @Test
  void kinds_noPlugins_listsTheBuiltInKindsAndSaysTheDirectoryIsAbsent() throws IOException {
    Path plugins = dir.resolve("plugins");

    CommandLineRun run = CommandLineRun.run("--config", config(plugins), "kinds");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "KIND            SPI  ORIGIN\n"
            + "reference-rest    1  built in\n"
            + "sensorthings      1  built in\n"
            + "plug-ins directory: "
            + plugins
            + " (does not exist: no plug-ins)\n",
        run.out());
  }

  @Test
  void kinds_plugin_listedWithItsJarAndSpiVersionAligned() throws IOException {
    Path plugins = dir.resolve("plugins");
    Path jar = PluginJars.jar(plugins, "metering-partner.jar", Plugin.of("metering-partner-v2"));

    CommandLineRun run = CommandLineRun.run("--config", config(plugins), "kinds");

    assertEquals(0, run.exitCode(), run.err());
    assertEquals(
        "KIND                 SPI  ORIGIN\n"
            + "metering-partner-v2    "
            + ClientSystemSpi.VERSION
            + "  "
            + jar
            + "\n"
            + "reference-rest         1  built in\n"
            + "sensorthings           1  built in\n"
            + "plug-ins directory: "
            + plugins
            + "\n",
        run.out());
  }

  @Test
  void kinds_badPlugin_exit2WithOneLineNamingTheJarAndTheProblem() throws IOException {
    Path plugins = dir.resolve("plugins");
    Path jar = PluginJars.jar(plugins, "old.jar", Plugin.of("old").builtFor(0));

    CommandLineRun run = CommandLineRun.run("--config", config(plugins), "kinds");

    assertEquals(2, run.exitCode());
    assertEquals(
        "meter-sync: plug-in "
            + jar
            + ": kind 'old' was built for client-system SPI version 0, this service has version "
            + ClientSystemSpi.VERSION
            + "; rebuild the plug-in against this meter-sync\n",
        run.err());
    assertEquals("", run.out());
  }
}
