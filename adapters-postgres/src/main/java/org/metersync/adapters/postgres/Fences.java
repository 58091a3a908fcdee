package org.metersync.adapters.postgres;

import static org.metersync.adapters.postgres.jooq.Tables.TENANT_LEASE;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.metersync.application.port.Fence;
import org.metersync.domain.TenantId;

/** The lease check every fenced write carries (decision 0009). */
final class Fences {

  private Fences() {}

  /**
   * The tenant's lease still has the fence's token and has not expired. The lease row is locked
   * {@code FOR KEY SHARE} until the write's transaction ends: a take (which changes the unique
   * token) waits for the write, and a write behind a committed take sees the new token and applies
   * nothing. A renewal changes no key and does not wait.
   */
  static Condition holds(TenantId tenantId, Fence fence) {
    if (fence instanceof Fence.Token token) {
      return DSL.exists(
          DSL.selectOne()
              .from(TENANT_LEASE)
              .where(TENANT_LEASE.TENANT_ID.eq(tenantId.value()))
              .and(TENANT_LEASE.TOKEN.eq(token.value()))
              .and(TENANT_LEASE.EXPIRES_AT.gt(DSL.currentOffsetDateTime()))
              .forKeyShare());
    }
    return DSL.noCondition();
  }

  /** Whether the tenant's lease still has {@code token} and has not expired. */
  static boolean isHeld(DSLContext dsl, TenantId tenantId, Fence.Token token) {
    return dsl.fetchExists(
        DSL.selectOne()
            .from(TENANT_LEASE)
            .where(TENANT_LEASE.TENANT_ID.eq(tenantId.value()))
            .and(TENANT_LEASE.TOKEN.eq(token.value()))
            .and(TENANT_LEASE.EXPIRES_AT.gt(DSL.currentOffsetDateTime())));
  }
}
