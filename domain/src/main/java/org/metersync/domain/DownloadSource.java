package org.metersync.domain;

import static java.util.Objects.requireNonNull;

/**
 * The client system a download reads from: its kind and its endpoint. A download cursor belongs to
 * one source; another kind, or the same kind elsewhere, would misread it.
 */
public record DownloadSource(String kind, String endpoint) {

  public DownloadSource {
    requireNonNull(kind, "kind");
    requireNonNull(endpoint, "endpoint");
    if (kind.isBlank()) {
      throw new IllegalArgumentException("a download source needs a kind");
    }
  }

  @Override
  public String toString() {
    return kind + " at " + endpoint;
  }
}
