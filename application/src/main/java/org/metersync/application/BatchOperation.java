package org.metersync.application;

import java.util.Locale;

/** What a batch was: an upload to the client system or a page downloaded from it. */
public enum BatchOperation {
  UPLOAD,
  DOWNLOAD;

  /** The word in the {@code operation} metric label and in progress lines. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return code();
  }
}
