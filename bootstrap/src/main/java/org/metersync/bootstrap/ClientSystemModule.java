package org.metersync.bootstrap;

import dagger.Module;
import dagger.Provides;
import java.time.Clock;
import javax.inject.Singleton;
import org.metersync.bootstrap.observability.SyncMetrics;
import org.metersync.bootstrap.plugins.ClientSystemKinds;
import org.metersync.bootstrap.plugins.ClientSystemRegistry;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.Credentials;

/**
 * The kinds of client system: built in or plug-ins, found through {@link java.util.ServiceLoader}.
 * Adding a kind needs no binding here.
 */
@Module
abstract class ClientSystemModule {

  @Provides
  @Singleton
  static ClientSystemContext clientSystemContext(
      ServiceConfig config, SyncMetrics metrics, Clock clock) {
    ServiceConfig.HttpClientSettings http = config.http();
    return new ClientSystemContext(
        Credentials.fromSystemEnvironment(),
        clock,
        new ClientSystemContext.Timeouts(
            http.connectTimeout(), http.readTimeout(), http.callTimeout()),
        "meter-sync/" + BuildInfo.version(),
        metrics,
        http.maxResponseBytes());
  }

  @Provides
  @Singleton
  static ClientSystemKinds clientSystemKinds(ServiceConfig config, ClientSystemContext context) {
    return ClientSystemKinds.load(config.pluginsDirectory(), context);
  }

  @Provides
  @Singleton
  static ClientSystemRegistry clientSystemRegistry(ClientSystemKinds kinds) {
    return kinds.registry();
  }
}
