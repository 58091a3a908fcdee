package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.OperatorQueries;
import org.metersync.application.port.OperatorQueries.FailedReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

/** Readings the client system rejected for good: listed, and made pending again on request. */
public final class FailedReadings {

  private final OperatorQueries queries;
  private final OperatorCommands commands;

  public FailedReadings(OperatorQueries queries, OperatorCommands commands) {
    this.queries = requireNonNull(queries, "queries");
    this.commands = requireNonNull(commands, "commands");
  }

  /**
   * The failed readings of one tenant or all, oldest first.
   *
   * @throws IllegalArgumentException if {@code limit} is less than 1
   */
  public List<FailedReading> list(Optional<TenantId> tenantId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return queries.failedReadings(tenantId, limit);
  }

  /**
   * Makes failed readings pending again with their attempts reset.
   *
   * @param readingIds the readings, or empty for all of the tenant's failed readings
   * @return how many were re-queued
   */
  public int retry(TenantId tenantId, Optional<List<ReadingId>> readingIds) {
    return commands.requeueFailed(tenantId, readingIds);
  }
}
