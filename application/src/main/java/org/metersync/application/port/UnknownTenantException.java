package org.metersync.application.port;

import org.metersync.domain.TenantId;

/** The sync database has no tenant with this id. */
public final class UnknownTenantException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final transient TenantId tenantId;

  public UnknownTenantException(TenantId tenantId) {
    super("unknown tenant '" + tenantId + "'");
    this.tenantId = tenantId;
  }

  public TenantId tenantId() {
    return tenantId;
  }
}
