package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemFactory;
import org.metersync.adapters.http.sensorthings.SensorThingsClientSystemFactory;
import org.metersync.application.port.ClientSystemApi;
import org.metersync.domain.TenantId;

class ClientSystemRegistryTest {

  private final OkHttpClient shared = HttpClients.shared(HttpSettings.defaults("test"));
  private final Credentials credentials = new Credentials(Map.of("TOKEN", "abc")::get);
  private final ClientSystemRegistry registry =
      new ClientSystemRegistry(
          Map.of(
              "sensorthings",
              new SensorThingsClientSystemFactory(
                  shared, JsonMappers.create(), credentials, Clock.systemUTC()),
              "reference-rest",
              new ReferenceRestClientSystemFactory(
                  shared, JsonMappers.create(), credentials, Clock.systemUTC())));

  private static ClientSystemSettings settings(String kind) {
    return new ClientSystemSettings(
        TenantId.of("acme"),
        kind,
        "https://client.example/api",
        Optional.of("env:TOKEN"),
        Map.of());
  }

  @Test
  void create_knownKind_adapterOfThatKind() {
    assertEquals("reference-rest", registry.create(settings("reference-rest")).kind());
    assertEquals("sensorthings", registry.create(settings("sensorthings")).kind());
  }

  @Test
  void create_unknownKind_failsNamingTenantKindAndSortedKnownKinds() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> registry.create(settings("soap")));

    assertEquals(
        "tenant acme: unknown client system kind 'soap'; known kinds: reference-rest, sensorthings",
        e.getMessage());
  }

  @Test
  void new_factoryRegisteredUnderOtherKind_refused() {
    ClientSystemFactory factory =
        new ClientSystemFactory() {
          @Override
          public String kind() {
            return "a";
          }

          @Override
          public ClientSystemApi create(ClientSystemSettings settings) {
            throw new UnsupportedOperationException();
          }
        };

    assertThrows(
        IllegalArgumentException.class, () -> new ClientSystemRegistry(Map.of("b", factory)));
  }

  @Test
  void forTenant_sharesPoolAndDispatcher() {
    OkHttpClient tenant = HttpClients.forTenant(shared, TenantId.of("acme"), "Bearer x");

    assertSame(shared.connectionPool(), tenant.connectionPool());
    assertSame(shared.dispatcher(), tenant.dispatcher());
  }
}
