package org.metersync.bootstrap.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.bootstrap.plugins.PluginJars.Plugin;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ClientSystemSpi;
import org.metersync.spi.Credentials;

class ClientSystemKindsTest {

  private static final ClientSystemContext CONTEXT =
      new ClientSystemContext(
          new Credentials(Map.of("TOKEN", "abc")::get),
          java.time.Clock.systemUTC(),
          ClientSystemContext.Timeouts.DEFAULTS,
          "meter-sync/test",
          org.metersync.spi.CallObserver.NONE);

  @TempDir Path plugins;

  private static ClientSystemSettings settings(String kind) {
    return new ClientSystemSettings(
        TenantId.of("acme"),
        kind,
        "https://client.example/api",
        Optional.of("env:TOKEN"),
        Map.of());
  }

  @Test
  void load_noPlugins_findsTheBuiltInKindsThroughServiceLoader() {
    try (ClientSystemKinds kinds = ClientSystemKinds.load(plugins.resolve("absent"), CONTEXT)) {
      assertEquals(
          List.of(
              new ClientSystemKinds.Kind(
                  "reference-rest", ClientSystemKinds.BUILT_IN, ClientSystemSpi.VERSION),
              new ClientSystemKinds.Kind(
                  "sensorthings", ClientSystemKinds.BUILT_IN, ClientSystemSpi.VERSION)),
          kinds.kinds());
    }
  }

  @Test
  void registry_knownKind_makesAnAdapterOfThatKind() {
    try (ClientSystemKinds kinds = ClientSystemKinds.load(plugins, CONTEXT)) {
      assertEquals("reference-rest", kinds.registry().create(settings("reference-rest")).kind());
      assertEquals("sensorthings", kinds.registry().create(settings("sensorthings")).kind());
    }
  }

  @Test
  void registry_unknownKind_failsNamingTenantKindAndSortedKnownKinds() {
    try (ClientSystemKinds kinds = ClientSystemKinds.load(plugins, CONTEXT)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> kinds.registry().create(settings("soap")));

      assertEquals(
          "tenant acme: unknown client system kind 'soap'; known kinds: reference-rest,"
              + " sensorthings",
          e.getMessage());
    }
  }

  @Test
  void registry_factoryRegisteredUnderOtherKind_refused() {
    ClientSystemFactory factory =
        new ClientSystemFactory() {
          @Override
          public String kind() {
            return "a";
          }

          @Override
          public int spiVersion() {
            return ClientSystemSpi.VERSION;
          }

          @Override
          public ClientSystemApi create(ClientSystemSettings settings) {
            throw new UnsupportedOperationException();
          }
        };

    assertThrows(
        IllegalArgumentException.class, () -> new ClientSystemRegistry(Map.of("b", factory)));
  }

  private String load_failure() {
    return assertThrows(PluginException.class, () -> ClientSystemKinds.load(plugins, CONTEXT))
        .getMessage();
  }

  @Test
  void load_goodPlugin_foundBesideTheBuiltInsAndMakesItsClientSystem() {
    Path jar = PluginJars.jar(plugins, "echo.jar", Plugin.of("echo"));

    try (ClientSystemKinds kinds = ClientSystemKinds.load(plugins, CONTEXT)) {
      ClientSystemApi api = kinds.registry().create(settings("echo"));

      assertEquals(
          List.of(
              new ClientSystemKinds.Kind("echo", jar.toString(), ClientSystemSpi.VERSION),
              new ClientSystemKinds.Kind(
                  "reference-rest", ClientSystemKinds.BUILT_IN, ClientSystemSpi.VERSION),
              new ClientSystemKinds.Kind(
                  "sensorthings", ClientSystemKinds.BUILT_IN, ClientSystemSpi.VERSION)),
          kinds.kinds());
      assertEquals("echo", api.kind());
      assertEquals("https://client.example/api", api.fetchReadings(Optional.empty(), 10).cursor());
      assertTrue(api.getClass().getClassLoader() instanceof URLClassLoader);
      assertNotSame(ClientSystemKindsTest.class.getClassLoader(), api.getClass().getClassLoader());
    }
  }

  @Test
  void load_twoPluginsClaimingOneKind_refusedNamingBothJars() {
    Path first = PluginJars.jar(plugins, "a-twin.jar", Plugin.of("twin"));
    Path second = PluginJars.jar(plugins, "b-twin.jar", Plugin.of("twin"));

    assertEquals(
        "plug-in "
            + second
            + ": kind 'twin' is already provided by plug-in "
            + first
            + "; remove one of them",
        load_failure());
  }

  @Test
  void load_pluginBuiltForAnotherSpiVersion_refusedNamingBothVersions() {
    Path jar =
        PluginJars.jar(
            plugins, "newer.jar", Plugin.of("newer").builtFor(ClientSystemSpi.VERSION + 1));

    assertEquals(
        "plug-in "
            + jar
            + ": kind 'newer' was built for client-system SPI version "
            + (ClientSystemSpi.VERSION + 1)
            + ", this service has version "
            + ClientSystemSpi.VERSION
            + "; rebuild the plug-in against this meter-sync",
        load_failure());
  }

  @Test
  void load_pluginThrowingWhileStarting_refusedWithItsError() {
    Path jar =
        PluginJars.jar(
            plugins, "boom.jar", Plugin.of("boom").failingToStart("no licence file found"));

    assertEquals(
        "plug-in "
            + jar
            + ": kind 'boom' failed while starting: java.lang.IllegalStateException: no licence"
            + " file found",
        load_failure());
  }

  @Test
  void load_jarWithoutKind_refusedSayingWhatItNeeds() {
    Path jar = PluginJars.jarWithoutServiceFile(plugins, "empty.jar", Plugin.of("ghost"));

    assertEquals(
        "plug-in "
            + jar
            + " provides no client-system kind: it needs a file"
            + " META-INF/services/org.metersync.spi.ClientSystemFactory naming its factory class",
        load_failure());
  }

  @Test
  void load_pluginClaimingABuiltInKind_refused() {
    Path jar = PluginJars.jar(plugins, "rest.jar", Plugin.of("reference-rest"));

    assertEquals(
        "plug-in "
            + jar
            + ": kind 'reference-rest' is built into meter-sync; give the plug-in's kind another"
            + " name",
        load_failure());
  }

  @Test
  void load_nonJarFilesInTheDirectory_ignored() throws Exception {
    java.nio.file.Files.writeString(plugins.resolve("README.txt"), "not a plug-in");

    try (ClientSystemKinds kinds = ClientSystemKinds.load(plugins, CONTEXT)) {
      assertEquals(2, kinds.kinds().size());
    }
  }
}
