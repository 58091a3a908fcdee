package org.metersync.application.port;

import java.util.List;

/** The tenants the sync database knows, and their registration by configuration. */
public interface TenantDirectory {

  /** Every tenant, ordered by id. */
  List<Tenant> listTenants();

  /** Creates or updates a tenant; see {@link TenantRegistration}. */
  void register(TenantRegistration registration);
}
