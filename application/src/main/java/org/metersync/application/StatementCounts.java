package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.StatementStatistics;
import org.metersync.domain.TenantId;

/** How many SQL statements the sync ran for a tenant since start: for metrics and summaries. */
public final class StatementCounts {

  private final StatementStatistics statistics;

  public StatementCounts(StatementStatistics statistics) {
    this.statistics = requireNonNull(statistics, "statistics");
  }

  public long of(TenantId tenantId) {
    return statistics.statements(tenantId);
  }
}
