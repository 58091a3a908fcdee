package org.metersync.examples.filedrop;

import static java.util.Objects.requireNonNull;

/**
 * Where downloading stands, stored by meter-sync as {@code <file name>:<line>}: every reading up to
 * and including that line of that outbox file, and of every file whose name sorts before it, was
 * taken. Lines appended to that file later and files named after it are taken next, so the partner
 * must name outbox files in increasing order (a timestamp prefix does it).
 *
 * @param file an outbox file name; empty before the first reading was taken
 * @param line a line number of that file, from 1 (the header)
 */
record DownloadCursor(String file, int line) {

  static final DownloadCursor START = new DownloadCursor("", 0);

  DownloadCursor {
    requireNonNull(file, "file");
    if (file.isEmpty() != (line == 0) || line < 0) {
      throw new IllegalArgumentException("not a position: " + file + ":" + line);
    }
  }

  /** A stored cursor; empty text is {@link #START}. */
  static DownloadCursor parse(String stored) {
    if (stored.isEmpty()) {
      return START;
    }
    int colon = stored.lastIndexOf(':');
    String file = colon < 0 ? "" : stored.substring(0, colon);
    if (file.isEmpty() || !file.endsWith(".csv") || file.contains("/") || file.contains("\\")) {
      throw new IllegalArgumentException(
          "not a file-drop download cursor (expected '<file name>.csv:<line>'): "
              + shorten(stored));
    }
    try {
      int line = Integer.parseInt(stored.substring(colon + 1));
      if (line >= 1) {
        return new DownloadCursor(file, line);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "not a file-drop download cursor (the line is not a positive number): " + shorten(stored));
  }

  /** Whether a reading at {@code line} of {@code name} comes after this position. */
  boolean isBefore(String name, int lineOfName) {
    int order = name.compareTo(file);
    return order > 0 || (order == 0 && lineOfName > line);
  }

  @Override
  public String toString() {
    return file.isEmpty() ? "" : file + ":" + line;
  }

  private static String shorten(String text) {
    return text.length() > 100 ? text.substring(0, 100) + "…" : text;
  }
}
