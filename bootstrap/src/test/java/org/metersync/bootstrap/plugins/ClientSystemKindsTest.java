package org.metersync.bootstrap.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
