package org.metersync.application.port;

import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;

/** Readings taken in the field, stored locally and pending upload. */
public interface LocalReadings {

  /**
   * Stores the readings as pending, of origin "local", in one statement and in the given order; a
   * reading the tenant already has is left as it is. Returns how many were stored.
   */
  int insertLocalReadings(TenantId tenantId, List<MeterReading> readings);
}
