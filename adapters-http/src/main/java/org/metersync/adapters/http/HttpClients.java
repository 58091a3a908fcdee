package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemContext;

/**
 * Builds the one shared {@link OkHttpClient} and the per-tenant clients derived from it. TLS is
 * always verified: there is deliberately no way to configure a trust-all client here.
 */
public final class HttpClients {

  private HttpClients() {}

  /** The shared client: one connection pool and dispatcher for all tenants. */
  public static OkHttpClient shared(HttpSettings settings) {
    requireNonNull(settings, "settings");
    StaleConnectionRetry staleConnections = new StaleConnectionRetry();
    return new OkHttpClient.Builder()
        .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .writeTimeout(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .callTimeout(settings.callTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .connectionPool(
            new ConnectionPool(
                settings.maxIdleConnections(),
                settings.keepAlive().toMillis(),
                TimeUnit.MILLISECONDS))
        // The sync loop owns retries; a silent retry of a POST would blur what the server got.
        .retryOnConnectionFailure(false)
        .socketFactory(new NoDelaySocketFactory(SocketFactory.getDefault()))
        .addInterceptor(new UserAgentInterceptor(settings.userAgent()))
        .addInterceptor(staleConnections.application())
        .addNetworkInterceptor(staleConnections.network())
        .build();
  }

  /**
   * A tenant's client: shares pool and dispatcher with {@code shared}, adds the tenant's {@code
   * Authorization} header (if any) and a log of its exchanges with that header redacted.
   *
   * @param authorization the full header value, such as {@code Bearer abc}, or null for none
   */
  public static OkHttpClient forTenant(
      OkHttpClient shared, TenantId tenantId, String authorization) {
    return forTenant(
        shared, tenantId, authorization, ClientSystemContext.DEFAULT_MAX_RESPONSE_BYTES);
  }

  /**
   * As {@link #forTenant(OkHttpClient, TenantId, String)}, failing any call whose answer body is
   * larger than {@code maxResponseBytes} without reading more of it.
   */
  public static OkHttpClient forTenant(
      OkHttpClient shared, TenantId tenantId, String authorization, long maxResponseBytes) {
    requireNonNull(shared, "shared");
    requireNonNull(tenantId, "tenantId");
    OkHttpClient.Builder builder =
        shared.newBuilder().addInterceptor(new ResponseSizeLimit(maxResponseBytes));
    if (authorization != null) {
      builder.addInterceptor(new AuthorizationInterceptor(authorization));
    }
    // A network interceptor, so that it logs the headers as sent, Authorization included.
    return builder.addNetworkInterceptor(new RedactingLogInterceptor(tenantId)).build();
  }
}
