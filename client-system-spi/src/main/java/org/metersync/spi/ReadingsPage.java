package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.metersync.domain.MeterReading;

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
}
