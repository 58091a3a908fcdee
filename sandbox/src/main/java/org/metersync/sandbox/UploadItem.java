package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

/** One reading of an upload request: well-formed ({@code reading}) or not ({@code problem}). */
record UploadItem(String id, SandboxReading reading, String problem) {

  UploadItem {
    requireNonNull(id, "id");
    if ((reading == null) == (problem == null)) {
      throw new IllegalArgumentException("exactly one of reading and problem");
    }
  }

  static UploadItem valid(SandboxReading reading) {
    return new UploadItem(reading.id(), reading, null);
  }

  static UploadItem invalid(String id, String problem) {
    return new UploadItem(id, null, problem);
  }
}
