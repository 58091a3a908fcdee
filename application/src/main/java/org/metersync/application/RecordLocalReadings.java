package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.metersync.application.port.LocalReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;

/** Stores readings taken in the field as pending, for the next upload to send. */
public final class RecordLocalReadings {

  private final LocalReadings readings;

  public RecordLocalReadings(LocalReadings readings) {
    this.readings = requireNonNull(readings, "readings");
  }

  /** Stores them oldest first; a reading the tenant already has is left as it is. */
  public int record(TenantId tenantId, List<MeterReading> taken) {
    return taken.isEmpty() ? 0 : readings.insertLocalReadings(tenantId, taken);
  }
}
