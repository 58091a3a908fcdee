package org.metersync.domain;

import java.util.Locale;

/** Where a reading came from: taken locally, or downloaded from the client system. */
public enum ReadingOrigin {
  LOCAL,
  DOWNLOADED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }
}
