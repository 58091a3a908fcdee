package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import okhttp3.Headers;

/**
 * A client system's complete answer: status, headers and the whole body, already read.
 *
 * @param body the body as text, empty if there was none
 */
public record HttpAnswer(int status, Headers headers, String body) {

  public HttpAnswer {
    requireNonNull(headers, "headers");
    requireNonNull(body, "body");
  }

  public boolean isSuccessful() {
    return status >= 200 && status < 300;
  }
}
