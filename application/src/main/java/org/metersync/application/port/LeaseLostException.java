package org.metersync.application.port;

import org.metersync.domain.TenantId;

/**
 * A tenant's lease is no longer held by the worker that took it (expired, or taken by another
 * instance since): the write that found this out was not applied, and the cycle must stop.
 */
public class LeaseLostException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient TenantId tenantId;

  public LeaseLostException(TenantId tenantId, String message) {
    super("the lease of tenant " + tenantId + " was lost: " + message);
    this.tenantId = tenantId;
  }

  public TenantId tenantId() {
    return tenantId;
  }
}
