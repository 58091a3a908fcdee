package org.metersync.domain;

import java.util.Locale;

/** Where a reading stands with the client system. */
public enum SyncStatus {
  PENDING,
  SYNCHRONIZED,
  FAILED;

  /** The value stored in the {@code sync_status} column. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SyncStatus fromCode(String code) {
    for (SyncStatus status : values()) {
      if (status.code().equals(code)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown sync status: '" + code + "'");
  }
}
