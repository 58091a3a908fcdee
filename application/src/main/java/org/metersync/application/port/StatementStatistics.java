package org.metersync.application.port;

import org.metersync.domain.TenantId;

/** Counts the SQL statements the sync database executed, per tenant. */
public interface StatementStatistics {

  /** Statements executed for the tenant since start, all operations together. */
  long statements(TenantId tenantId);
}
