package org.metersync.adapters.http.referencerest;

import java.math.BigDecimal;
import java.time.Instant;
import org.metersync.domain.MeterReading;

/**
 * A reading on the wire, as the contract writes it; the tests' fake server builds its JSON from it.
 */
record ReadingJson(String id, String meterId, Instant takenAt, BigDecimal value, String unit) {

  static ReadingJson of(MeterReading reading) {
    return new ReadingJson(
        reading.id().value(),
        reading.meterId(),
        reading.takenAt(),
        reading.value(),
        reading.unit());
  }
}
