package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.HttpUrl;

/** Builds SensorThings query URLs with OData parameters ({@code $filter}, {@code $top}, …). */
final class SensorThingsUrls {

  private SensorThingsUrls() {}

  /** An OData string literal: single quotes, with {@code '} doubled. */
  static String quote(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** An OData literal for an entity id, which is a number or a string. */
  static String idLiteral(JsonNode id) {
    return id.isNumber() ? id.asText() : quote(id.asText());
  }

  /** {@code base/collection?params}, the values percent-encoded once. */
  static String query(HttpUrl base, String collection, Map<String, String> params) {
    StringBuilder url = new StringBuilder(base.toString()).append(collection);
    char separator = '?';
    for (Map.Entry<String, String> param : params.entrySet()) {
      url.append(separator).append(param.getKey()).append('=').append(encode(param.getValue()));
      separator = '&';
    }
    return url.toString();
  }

  /** Parameters in the order given. */
  static Map<String, String> params(String... keysAndValues) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      params.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return params;
  }

  /** Whether {@code link} points to the same scheme, host and port as {@code base}. */
  static boolean sameOrigin(HttpUrl base, String link) {
    HttpUrl url = base.resolve(link);
    return url != null
        && url.scheme().equals(base.scheme())
        && url.host().equals(base.host())
        && url.port() == base.port();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
