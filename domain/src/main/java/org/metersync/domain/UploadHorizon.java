package org.metersync.domain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The highest backlog position a tenant's upload has ever sent, recorded before the client system
 * is called. It defines which pending readings are <em>in doubt</em>, the one definition every
 * adapter is given: a pending reading at or below the horizon may be held by the client system
 * (sent before with an outcome never recorded: an answer lost, a crash, a lease lost between
 * sending and marking; or synchronized once and edited since, as an edit keeps the position). A
 * reading above it has never been sent. Positions only grow, so the horizon only rises.
 *
 * @param sentThrough the highest position sent; {@link #NOTHING_SENT} before the first upload
 */
public record UploadHorizon(long sentThrough) {

  public static final long NOTHING_SENT = 0;

  public static final UploadHorizon NONE = new UploadHorizon(NOTHING_SENT);

  public UploadHorizon {
    if (sentThrough < NOTHING_SENT) {
      throw new IllegalArgumentException("sentThrough must not be negative: " + sentThrough);
    }
  }

  /** Whether the client system may already hold {@code reading}. */
  public boolean inDoubt(PendingReading reading) {
    return reading.position() <= sentThrough;
  }

  /** The ids of {@code batch}'s readings in doubt, in batch order. */
  public Set<ReadingId> inDoubt(List<PendingReading> batch) {
    Set<ReadingId> inDoubt = new LinkedHashSet<>();
    for (PendingReading reading : batch) {
      if (inDoubt(reading)) {
        inDoubt.add(reading.id());
      }
    }
    return inDoubt;
  }

  /** Whether sending {@code batch} must first raise the horizon: it holds a reading above it. */
  public boolean isBelow(List<PendingReading> batch) {
    return highest(batch) > sentThrough;
  }

  /** The horizon once {@code batch} is sent. */
  public UploadHorizon raisedFor(List<PendingReading> batch) {
    return new UploadHorizon(Math.max(sentThrough, highest(batch)));
  }

  private static long highest(List<PendingReading> batch) {
    long highest = NOTHING_SENT;
    for (PendingReading reading : batch) {
      highest = Math.max(highest, reading.position());
    }
    return highest;
  }
}
