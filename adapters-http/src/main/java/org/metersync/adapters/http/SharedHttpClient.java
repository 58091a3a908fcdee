package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import okhttp3.OkHttpClient;

/**
 * The one HTTP client every tenant's adapter shares (connection pool, dispatcher, timeouts). It
 * keeps OkHttp inside this module: the composition root passes it around without seeing OkHttp.
 */
public final class SharedHttpClient implements AutoCloseable {

  private final OkHttpClient client;

  private SharedHttpClient(OkHttpClient client) {
    this.client = client;
  }

  public static SharedHttpClient create(HttpSettings settings, HttpCallObserver observer) {
    requireNonNull(observer, "observer");
    OkHttpClient shared =
        HttpClients.shared(settings)
            .newBuilder()
            .addNetworkInterceptor(new ObservingInterceptor(observer))
            .build();
    return new SharedHttpClient(shared);
  }

  /** For the adapters in this module. */
  public OkHttpClient okHttp() {
    return client;
  }

  /** Stops the dispatcher's threads and closes idle connections. */
  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
