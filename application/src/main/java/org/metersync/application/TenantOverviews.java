package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.OperatorQueries.Backlog;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.domain.TenantId;

/** Every tenant with its batch sizes, backlog, lag and last cycle, for operators and metrics. */
public final class TenantOverviews {

  private final OperatorQueries queries;

  public TenantOverviews(OperatorQueries queries) {
    this.queries = requireNonNull(queries, "queries");
  }

  /** Every tenant, ordered by id. */
  public List<TenantOverview> all() {
    return queries.tenantOverview();
  }

  /** Pending and failed readings of each tenant that has any. */
  public Map<TenantId, Backlog> backlog() {
    return queries.backlog();
  }

  /** Every tenant's lag: oldest pending reading, last successful upload and download. */
  public List<TenantLag> lag() {
    return queries.lag();
  }
}
