package org.metersync.bootstrap.loop;

import static java.util.Objects.requireNonNull;

import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemSettings;

/**
 * A tenant as it stands now in configuration and the tenant table: the settings its client system
 * is made from (an endpoint may be blank where none is known), and whether it is synced at all.
 */
public record TenantEntry(ClientSystemSettings settings, boolean enabled) {
  public TenantEntry {
    requireNonNull(settings, "settings");
  }

  public TenantId id() {
    return settings.tenantId();
  }
}
