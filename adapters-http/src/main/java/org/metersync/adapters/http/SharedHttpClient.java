package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.IdentityHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.metersync.spi.ClientSystemContext;

/**
 * The one HTTP client every HTTP kind and tenant shares (connection pool, dispatcher, timeouts),
 * one per service context: kinds found separately by {@link java.util.ServiceLoader} still share
 * it, and it is closed when the last of them is.
 */
public final class SharedHttpClient {

  private static final Map<ClientSystemContext, SharedHttpClient> byContext =
      new IdentityHashMap<>();

  private final ClientSystemContext context;
  private final OkHttpClient client;
  private int users;

  private SharedHttpClient(ClientSystemContext context, OkHttpClient client) {
    this.context = context;
    this.client = client;
  }

  /** The client of {@code context}, made on first use; {@link #release} once per call. */
  static SharedHttpClient acquire(ClientSystemContext context) {
    requireNonNull(context, "context");
    synchronized (byContext) {
      SharedHttpClient shared =
          byContext.computeIfAbsent(context, c -> new SharedHttpClient(c, build(c)));
      shared.users++;
      return shared;
    }
  }

  private static OkHttpClient build(ClientSystemContext context) {
    ClientSystemContext.Timeouts timeouts = context.timeouts();
    HttpSettings defaults = HttpSettings.defaults("unused");
    HttpSettings settings =
        new HttpSettings(
            timeouts.connect(),
            timeouts.read(),
            timeouts.read(),
            timeouts.call(),
            defaults.maxIdleConnections(),
            defaults.keepAlive(),
            context.userAgent());
    return HttpClients.shared(settings)
        .newBuilder()
        .addNetworkInterceptor(new ObservingInterceptor(context.calls()))
        .build();
  }

  OkHttpClient okHttp() {
    return client;
  }

  /** The last release stops the dispatcher's threads and closes idle connections. */
  void release() {
    synchronized (byContext) {
      if (--users > 0) {
        return;
      }
      byContext.remove(context);
    }
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
