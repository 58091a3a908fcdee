package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Sets the service's {@code User-Agent} on every request. */
final class UserAgentInterceptor implements Interceptor {

  private final String userAgent;

  UserAgentInterceptor(String userAgent) {
    this.userAgent = requireNonNull(userAgent, "userAgent");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(chain.request().newBuilder().header("User-Agent", userAgent).build());
  }
}
