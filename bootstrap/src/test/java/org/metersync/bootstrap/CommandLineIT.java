package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar as an operator meets it on a fresh machine. */
class CommandLineIT {

  @TempDir Path dir;

  @Test
  void help_listsEveryCommand() {
    JarProcess help = JarProcess.run("cli", dir, Map.of(), "--help");

    assertEquals(0, help.exitCode(), help.stderr());
    for (String command :
        new String[] {"run", "sync", "migrate", "tenants", "tenant", "kinds", "failed", "demo"}) {
      assertTrue(help.stdout().contains("\n  " + command + " "), command + ":\n" + help.stdout());
    }
  }

  @Test
  void demo_noArguments_syncsEverythingAndEndsWithSummary() {
    JarProcess demo =
        JarProcess.run("cli", dir, Map.of(), "demo", "--readings", "600", "--download", "300");

    assertEquals(0, demo.exitCode(), demo.stderr());
    String out = demo.stdout();
    assertTrue(out.contains("SANDBOX client system"), out);
    assertTrue(out.contains("demo-north upload   batch  12:    50 readings"), out);
    assertTrue(
        out.lines()
            .anyMatch(l -> l.matches("demo-north\\s+500\\s+50\\s+600\\s+300\\s.*\\s0\\s+0\\s+0")),
        out);
    assertTrue(
        out.lines()
            .anyMatch(l -> l.matches("demo-south\\s+2000\\s+250\\s+600\\s+300\\s.*\\s0\\s+0\\s+0")),
        out);
    assertTrue(out.contains("all pending readings are now synchronized"), out);
  }

  @Test
  void migrate_onEmbeddedDefault_appliesThenNothingAndKeepsData() {
    JarProcess first = JarProcess.run("cli", dir, Map.of(), "migrate");
    JarProcess second = JarProcess.run("cli", dir, Map.of(), "migrate");

    assertEquals(0, first.exitCode(), first.stderr());
    assertTrue(
        first.stdout().contains("applied " + BuildMigrations.count() + " migration(s):"),
        first.stdout());
    assertTrue(first.stdout().contains("V4 tenant batch sizes"), first.stdout());
    assertTrue(first.stdout().contains("V10 tenant lease"), first.stdout());
    assertEquals(0, second.exitCode(), second.stderr());
    assertTrue(second.stdout().contains("nothing applied"), second.stdout());
    assertTrue(Files.isRegularFile(dir.resolve("data/postgres/PG_VERSION")));
    assertTrue(first.stderr().contains(dir.resolve("data/postgres").toString()), first.stderr());
  }

  @Test
  void badConfiguration_exits2NamingTheKey() throws Exception {
    Files.writeString(dir.resolve("meter-sync.properties"), "workers=lots\n");

    JarProcess run = JarProcess.run("cli", dir, Map.of(), "run");
    JarProcess env = JarProcess.run("cli", dir, Map.of("METERSYNC_WORKERS", "0"), "run");

    assertEquals(2, run.exitCode());
    assertTrue(run.stderr().contains("invalid configuration workers = 'lots'"), run.stderr());
    assertEquals(2, env.exitCode());
    assertTrue(env.stderr().contains("METERSYNC_WORKERS"), env.stderr());
  }

  @Test
  void unknownClientSystemKind_exits2NamingTenantKindAndKnownKinds() throws Exception {
    Files.writeString(
        dir.resolve("meter-sync.properties"),
        "tenants.acme.kind=soap\ntenants.acme.url=http://127.0.0.1:9/\nserver.port=0\n");

    JarProcess run = JarProcess.run("cli", dir, Map.of(), "run");

    assertEquals(2, run.exitCode(), run.stderr());
    assertTrue(
        run.stderr()
            .contains(
                "tenant acme: unknown client system kind 'soap'; known kinds:"
                    + " reference-rest, sensorthings"),
        run.stderr());
  }
}
