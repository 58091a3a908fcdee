package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Where a tenant's next download starts, and the client system it was written for.
 *
 * @param value the cursor as the client system gave it
 * @param source the client system that gave it; empty for a cursor stored without one
 */
public record DownloadCursor(String value, Optional<DownloadSource> source) {

  public DownloadCursor {
    requireNonNull(value, "value");
    requireNonNull(source, "source");
  }

  public static DownloadCursor of(String value, DownloadSource source) {
    return new DownloadCursor(value, Optional.of(requireNonNull(source, "source")));
  }

  /**
   * The cursor to send to {@code current}: this one, if {@code current} wrote it; otherwise none,
   * so the download starts from the beginning. Safe, since a reading already stored is never stored
   * again; sending another system's cursor could skip readings or be refused.
   */
  public Optional<String> resumeFrom(DownloadSource current) {
    requireNonNull(current, "current");
    return source.filter(current::equals).map(unused -> value);
  }
}
