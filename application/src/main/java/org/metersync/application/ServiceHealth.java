package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.metersync.application.port.DatabaseHealth;
import org.metersync.domain.TenantId;

/** What the service's health check asks of the application. */
public final class ServiceHealth {

  private final DatabaseHealth database;
  private final UploadRejections rejections;

  /**
   * @param rejections told of this process's upload batches (it is a {@link BatchListener})
   */
  public ServiceHealth(DatabaseHealth database, UploadRejections rejections) {
    this.database = requireNonNull(database, "database");
    this.rejections = requireNonNull(rejections, "rejections");
  }

  /** Whether the sync database answers right now. */
  public boolean databaseReachable() {
    return database.reachable();
  }

  /**
   * The tenant's latest upload batch turned down for one reason in this process, unless a later
   * batch went through.
   */
  public Optional<UploadRejections.Latest> systematicRejection(TenantId tenantId) {
    return rejections.latest(tenantId);
  }
}
