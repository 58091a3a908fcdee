package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;

/**
 * A page of readings from a client system.
 *
 * @param readings the well-formed readings, in the client system's order
 * @param malformed readings that could not be taken, with their reasons
 * @param cursor where the next page starts; stored with the page so that it survives restarts
 * @param hasMore whether another page is available right now
 */
public record ReadingsPage(
    List<MeterReading> readings, List<MalformedReading> malformed, String cursor, boolean hasMore) {

  public ReadingsPage {
    readings = List.copyOf(readings);
    malformed = List.copyOf(malformed);
    requireNonNull(cursor, "cursor");
  }

  public int received() {
    return readings.size() + malformed.size();
  }

  /**
   * This page, if it holds at most the {@code limit} readings asked for (well-formed or not): a
   * larger one would overrun the batch the caller sized for it.
   */
  public ReadingsPage requireAtMost(TenantId tenantId, int limit) {
    requireAtMost(tenantId, limit, received());
    return this;
  }

  /** Fails unless {@code received} readings are at most the {@code limit} asked for. */
  public static void requireAtMost(TenantId tenantId, int limit, int received) {
    if (received > limit) {
      throw new ClientSystemMalformedAnswerException(
          "tenant "
              + requireNonNull(tenantId, "tenantId")
              + ": asked for at most "
              + limit
              + " readings, the client system sent "
              + received);
    }
  }
}
