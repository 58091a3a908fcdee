package org.metersync.adapters.http;

import okhttp3.HttpUrl;
import org.metersync.spi.ClientSystemSettings;

/** Reads a tenant's base URL into the form Retrofit needs (ending in {@code /}). */
public final class BaseUrl {

  private BaseUrl() {}

  /** The base URL of {@code settings}, with a trailing slash; fails naming the tenant. */
  public static HttpUrl of(ClientSystemSettings settings) {
    HttpUrl url = HttpUrl.parse(settings.endpoint());
    if (url == null) {
      throw new IllegalArgumentException(
          "tenant "
              + settings.tenantId()
              + ": client system base URL is not an http(s) URL: '"
              + settings.endpoint()
              + "'");
    }
    if (url.query() != null || url.fragment() != null) {
      throw new IllegalArgumentException(
          "tenant " + settings.tenantId() + ": client system base URL must have no query");
    }
    String path = url.encodedPath();
    return path.endsWith("/") ? url : url.newBuilder().encodedPath(path + "/").build();
  }
}
