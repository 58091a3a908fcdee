package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/** Adds one tenant's {@code Authorization} header. Its value is never logged or printed. */
final class AuthorizationInterceptor implements Interceptor {

  private final String authorization;

  AuthorizationInterceptor(String authorization) {
    this.authorization = requireNonNull(authorization, "authorization");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    return chain.proceed(
        chain.request().newBuilder().header("Authorization", authorization).build());
  }

  @Override
  public String toString() {
    return "AuthorizationInterceptor[redacted]";
  }
}
