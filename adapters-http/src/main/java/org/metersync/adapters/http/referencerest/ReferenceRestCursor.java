package org.metersync.adapters.http.referencerest;

import java.util.Optional;

/**
 * The download cursor meter-sync stores for a reference REST tenant: the server's opaque {@code
 * nextCursor} behind a marker of this adapter, so that a cursor left by another kind of client
 * system (or a damaged one) is recognised instead of being sent to the server.
 */
final class ReferenceRestCursor {

  static final String PREFIX = "reference-rest:v1:";

  private ReferenceRestCursor() {}

  /** The stored form of the server's cursor; empty text before the server gave one. */
  static String encode(String serverCursor) {
    return serverCursor == null ? "" : PREFIX + serverCursor;
  }

  /**
   * The server's cursor within a stored one; empty for the first page. Anything not made by {@link
   * #encode} is an {@link IllegalArgumentException}.
   */
  static Optional<String> decode(String stored) {
    if (stored.isBlank()) {
      return Optional.empty();
    }
    if (!stored.startsWith(PREFIX) || stored.length() == PREFIX.length()) {
      throw new IllegalArgumentException(
          "not a reference-rest download cursor (expected '" + PREFIX + "…'): " + shorten(stored));
    }
    return Optional.of(stored.substring(PREFIX.length()));
  }

  private static String shorten(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "…" : text;
  }
}
