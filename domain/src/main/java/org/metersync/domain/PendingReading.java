package org.metersync.domain;

import static java.util.Objects.requireNonNull;

/**
 * A reading waiting for upload.
 *
 * @param position its place in the tenant's backlog; older readings have smaller positions
 * @param version the row version it was read at; the mark is guarded by it, so a reading edited
 *     after it was read is not marked synchronized
 * @param attempts the rejected upload attempts so far
 */
public record PendingReading(MeterReading reading, long position, long version, int attempts) {

  public PendingReading {
    requireNonNull(reading, "reading");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative: " + attempts);
    }
  }

  public ReadingId id() {
    return reading.id();
  }
}
