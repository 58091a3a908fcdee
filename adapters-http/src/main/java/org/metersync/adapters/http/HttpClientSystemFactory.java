package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSpi;
import org.metersync.spi.Credentials;

/**
 * What every HTTP kind needs: the HTTP client all HTTP kinds share, JSON, secrets and time. Found
 * through {@link java.util.ServiceLoader}, a kind gets them in {@link #start}; tests pass them in.
 */
public abstract class HttpClientSystemFactory implements ClientSystemFactory {

  private OkHttpClient sharedClient;
  private ObjectMapper mapper;
  private Credentials credentials;
  private Clock clock;
  private SharedHttpClient acquired;

  /** For {@link java.util.ServiceLoader}: usable once {@link #start} has run. */
  protected HttpClientSystemFactory() {}

  /** Usable at once, on a client of the caller's. */
  protected HttpClientSystemFactory(
      OkHttpClient sharedClient, ObjectMapper mapper, Credentials credentials, Clock clock) {
    this.sharedClient = requireNonNull(sharedClient, "sharedClient");
    this.mapper = requireNonNull(mapper, "mapper");
    this.credentials = requireNonNull(credentials, "credentials");
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public final int spiVersion() {
    return ClientSystemSpi.VERSION;
  }

  @Override
  public synchronized void start(ClientSystemContext context) {
    requireNonNull(context, "context");
    if (sharedClient != null) {
      return;
    }
    acquired = SharedHttpClient.acquire(context);
    sharedClient = acquired.okHttp();
    mapper = JsonMappers.create();
    credentials = context.credentials();
    clock = context.clock();
  }

  @Override
  public synchronized void close() {
    if (acquired != null) {
      acquired.release();
      acquired = null;
    }
  }

  protected final synchronized OkHttpClient sharedClient() {
    if (sharedClient == null) {
      throw new IllegalStateException("client system kind '" + kind() + "' was not started");
    }
    return sharedClient;
  }

  protected final synchronized ObjectMapper mapper() {
    sharedClient();
    return mapper;
  }

  protected final synchronized Credentials credentials() {
    sharedClient();
    return credentials;
  }

  protected final synchronized Clock clock() {
    sharedClient();
    return clock;
  }
}
