package org.metersync.domain;

import static java.util.Objects.requireNonNull;

/** Identifies a meter reading within its tenant; also the idempotency key at the client system. */
public record ReadingId(String value) {

  public static final int MAX_LENGTH = 128;

  public ReadingId {
    requireNonNull(value, "reading id");
    if (value.isBlank() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "reading id must be 1-" + MAX_LENGTH + " characters and not blank: '" + value + "'");
    }
  }

  public static ReadingId of(String value) {
    return new ReadingId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
