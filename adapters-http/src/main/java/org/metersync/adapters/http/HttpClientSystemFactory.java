package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import okhttp3.OkHttpClient;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSpi;
import org.metersync.spi.Credentials;
import org.metersync.spi.Options;

/**
 * What every HTTP kind needs: the HTTP client all HTTP kinds share, JSON, secrets and time. Found
 * through {@link java.util.ServiceLoader}, a kind gets them in {@link #start}; tests pass them in.
 */
public abstract class HttpClientSystemFactory implements ClientSystemFactory {

  /**
   * The option key, the same for every HTTP kind: the largest answer body in bytes, at least 1024;
   * default the service's {@code http.maxResponseBytes}.
   */
  public static final String MAX_RESPONSE_BYTES = "maxResponseBytes";

  private OkHttpClient sharedClient;
  private long maxResponseBytes = ClientSystemContext.DEFAULT_MAX_RESPONSE_BYTES;
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
    maxResponseBytes = context.maxResponseBytes();
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

  /** A tenant's largest answer: its {@value #MAX_RESPONSE_BYTES} option, or the service's. */
  protected final synchronized long maxResponseBytes(Options options) {
    return options.wholeNumber(MAX_RESPONSE_BYTES, maxResponseBytes, 1024, Integer.MAX_VALUE);
  }

  /** A tenant's mapper, reading answers of at most {@code maxResponseBytes}. */
  protected final ObjectMapper mapper(long maxResponseBytes) {
    mapper();
    return JsonMappers.create(maxResponseBytes);
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
