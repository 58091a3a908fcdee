package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.metersync.application.port.TenantEnablement;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.TenantId;

class TenantActivationTest {

  private static final TenantId T = TenantId.of("acme");

  /** Tenants and whether each is enabled, as the tenant table keeps them. */
  private final Map<TenantId, Boolean> enabled = new HashMap<>(Map.of(T, true));

  private final TenantEnablement store =
      (tenantId, on) -> {
        Boolean before = enabled.get(tenantId);
        if (before == null) {
          throw new UnknownTenantException(tenantId);
        }
        enabled.put(tenantId, on);
        return before != on;
      };

  private final TenantActivation activation = new TenantActivation(store);

  @Test
  void disable_enabledTenant_disablesIt() {
    assertTrue(activation.disable(T));

    assertEquals(false, enabled.get(T));
  }

  @Test
  void disable_twice_secondChangesNothing() {
    activation.disable(T);

    assertFalse(activation.disable(T));
    assertEquals(false, enabled.get(T));
  }

  @Test
  void enable_disabledTenant_enablesIt() {
    activation.disable(T);

    assertTrue(activation.enable(T));
    assertEquals(true, enabled.get(T));
  }

  @Test
  void enable_unknownTenant_namesIt() {
    UnknownTenantException e =
        assertThrows(UnknownTenantException.class, () -> activation.enable(TenantId.of("nope")));

    assertTrue(e.getMessage().contains("nope"), e.getMessage());
  }
}
