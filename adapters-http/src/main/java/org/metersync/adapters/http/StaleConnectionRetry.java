package org.metersync.adapters.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries a GET once when it failed on a pooled connection that had already carried an exchange:
 * the server closed it while it sat idle, and the request never reached the server. Uploads are not
 * retried here (the sync loop retries them, safely, through their idempotency), and neither are
 * timeouts, which are not a stale connection.
 */
final class StaleConnectionRetry {

  private static final Logger log = LoggerFactory.getLogger(StaleConnectionRetry.class);

  private final Map<Connection, Boolean> used = Collections.synchronizedMap(new WeakHashMap<>());

  /** Marks connections as used and recognises a failure on a reused one. */
  Interceptor network() {
    return chain -> {
      Connection connection = chain.connection();
      boolean reused = connection != null && used.put(connection, Boolean.TRUE) != null;
      try {
        return chain.proceed(chain.request());
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (reused && isGet(chain.request())) {
          throw new StaleConnectionException(e);
        }
        throw e;
      }
    };
  }

  /** Sends a GET that failed on a stale connection once more, on another connection. */
  Interceptor application() {
    return chain -> {
      try {
        return chain.proceed(chain.request());
      } catch (StaleConnectionException e) {
        log.debug(
            "GET {} failed on a pooled connection the server had closed ({}); sending it again",
            chain.request().url().encodedPath(),
            e.getCause().toString());
        return chain.proceed(chain.request());
      }
    };
  }

  private static boolean isGet(Request request) {
    return "GET".equals(request.method()) || "HEAD".equals(request.method());
  }

  /** A failure on a reused connection, passed from the network to the application interceptor. */
  static final class StaleConnectionException extends IOException {
    private static final long serialVersionUID = 1L;

    StaleConnectionException(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
