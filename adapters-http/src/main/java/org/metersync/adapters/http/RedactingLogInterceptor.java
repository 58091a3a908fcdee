package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each exchange of one tenant: a line per request and answer at DEBUG, the headers at TRACE
 * with credentials replaced by {@value #REDACTED}. Bodies are never logged: they hold readings.
 */
final class RedactingLogInterceptor implements Interceptor {

  static final String REDACTED = "██";
  private static final Logger log = LoggerFactory.getLogger(RedactingLogInterceptor.class);
  private static final Set<String> SECRET_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie", "set-cookie");

  private final TenantId tenantId;

  RedactingLogInterceptor(TenantId tenantId) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    log.debug("tenant={} --> {} {}", tenantId, request.method(), request.url());
    if (log.isTraceEnabled()) {
      log.trace("tenant={} request headers: {}", tenantId, redacted(request.headers()));
    }
    long start = System.nanoTime();
    Response response = chain.proceed(request);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    log.debug(
        "tenant={} <-- {} {} {} ({} ms)",
        tenantId,
        response.code(),
        request.method(),
        request.url(),
        millis);
    if (log.isTraceEnabled()) {
      log.trace("tenant={} response headers: {}", tenantId, redacted(response.headers()));
    }
    return response;
  }

  static String redacted(Headers headers) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      boolean secret = SECRET_HEADERS.contains(name.toLowerCase(Locale.ROOT));
      out.append(i == 0 ? "" : ", ")
          .append(name)
          .append(": ")
          .append(secret ? REDACTED : headers.value(i));
    }
    return out.toString();
  }
}
