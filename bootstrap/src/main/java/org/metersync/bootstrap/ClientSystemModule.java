package org.metersync.bootstrap;

import com.fasterxml.jackson.databind.ObjectMapper;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import java.time.Clock;
import java.util.Map;
import javax.inject.Singleton;
import org.metersync.adapters.http.ClientSystemFactory;
import org.metersync.adapters.http.ClientSystemRegistry;
import org.metersync.adapters.http.Credentials;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.SharedHttpClient;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemApi;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemFactory;
import org.metersync.adapters.http.sensorthings.SensorThingsClientSystemApi;
import org.metersync.adapters.http.sensorthings.SensorThingsClientSystemFactory;

/**
 * The client-system adapters, one binding per kind. Adding a kind is one adapter package in
 * adapters-http and one {@code @IntoMap} method here.
 */
@Module
abstract class ClientSystemModule {

  @Provides
  @Singleton
  static SharedHttpClient sharedHttpClient(ServiceConfig config, SyncMetrics metrics) {
    ServiceConfig.HttpClientSettings http = config.http();
    HttpSettings defaults = HttpSettings.defaults(Main.version());
    return SharedHttpClient.create(
        new HttpSettings(
            http.connectTimeout(),
            http.readTimeout(),
            http.readTimeout(),
            http.callTimeout(),
            defaults.maxIdleConnections(),
            defaults.keepAlive(),
            defaults.userAgent()),
        metrics);
  }

  @Provides
  @Singleton
  static ObjectMapper objectMapper() {
    return JsonMappers.create();
  }

  @Provides
  @Singleton
  static Credentials credentials() {
    return Credentials.fromSystemEnvironment();
  }

  @Provides
  @IntoMap
  @StringKey(ReferenceRestClientSystemApi.KIND)
  static ClientSystemFactory referenceRest(
      SharedHttpClient http, ObjectMapper mapper, Credentials credentials, Clock clock) {
    return new ReferenceRestClientSystemFactory(http, mapper, credentials, clock);
  }

  @Provides
  @IntoMap
  @StringKey(SensorThingsClientSystemApi.KIND)
  static ClientSystemFactory sensorThings(
      SharedHttpClient http, ObjectMapper mapper, Credentials credentials, Clock clock) {
    return new SensorThingsClientSystemFactory(http, mapper, credentials, clock);
  }

  @Provides
  @Singleton
  static ClientSystemRegistry clientSystemRegistry(Map<String, ClientSystemFactory> factories) {
    return new ClientSystemRegistry(factories);
  }
}
