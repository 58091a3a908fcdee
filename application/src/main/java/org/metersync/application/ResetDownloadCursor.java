package org.metersync.application;

import static java.util.Objects.requireNonNull;

import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.TenantConfigStore;
import org.metersync.domain.TenantId;

/** Forgets where a tenant's downloads stand, e.g. after its client system's base URL changed. */
public final class ResetDownloadCursor {

  private final TenantConfigStore tenants;
  private final OperatorCommands commands;

  public ResetDownloadCursor(TenantConfigStore tenants, OperatorCommands commands) {
    this.tenants = requireNonNull(tenants, "tenants");
    this.commands = requireNonNull(commands, "commands");
  }

  /**
   * The next download starts from the client system's beginning; nothing is inserted twice.
   *
   * @return whether there was a cursor to forget
   * @throws org.metersync.application.port.UnknownTenantException if there is no such tenant
   */
  public boolean reset(TenantId tenantId) {
    // A typo in the id must say so, not report that there was nothing to reset.
    tenants.getTenantBatchConfig(tenantId);
    return commands.resetDownloadCursor(tenantId);
  }
}
