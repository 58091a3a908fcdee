package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tenant leases as rows of {@code tenant_lease}: taken, renewed and released by single statements
 * that keep no session state, so they work through a transaction pooler and survive a lost
 * connection. Expiry is the database's clock, so instances' clocks need not agree. See decision
 * 0009.
 */
public final class JooqTenantLeases implements TenantLeases {

  private static final Logger log = LoggerFactory.getLogger(JooqTenantLeases.class);

  /**
   * Takes a lease that is free, expired, or this holder's own (left behind when its release failed:
   * within one instance a tenant runs on one worker at a time). Every take draws a new token; the
   * conflict update locks the row, so two takers cannot both succeed.
   */
  private static final String TAKE =
      "insert into tenant_lease as l (tenant_id, holder, token, expires_at)"
          + " values (?, ?, nextval('tenant_lease_token'),"
          + " current_timestamp + ? * interval '1 millisecond')"
          + " on conflict (tenant_id) do update"
          + " set holder = excluded.holder, token = excluded.token,"
          + " expires_at = excluded.expires_at"
          + " where l.expires_at <= current_timestamp or l.holder = excluded.holder"
          + " returning l.token";

  private static final String RENEW =
      "update tenant_lease set expires_at = current_timestamp + ? * interval '1 millisecond'"
          + " where tenant_id = ? and token = ? and expires_at > current_timestamp";

  private static final String RELEASE =
      "delete from tenant_lease where tenant_id = ? and token = ?";

  private final DSLContext dsl;
  private final StatementCounter counter;
  private final String holder;
  private final long ttlMillis;

  JooqTenantLeases(DSLContext dsl, StatementCounter counter, String holder, Duration ttl) {
    this.dsl = requireNonNull(dsl, "dsl");
    this.counter = requireNonNull(counter, "counter");
    this.holder = requireNonNull(holder, "holder");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("a lease's time to live must be positive: " + ttl);
    }
    this.ttlMillis = ttl.toMillis();
  }

  /**
   * Leases taken in the name of {@code holder} (unique per running instance) for {@code ttl}, on
   * {@code dataSource}, their statements counted by {@code counter}.
   */
  public static JooqTenantLeases create(
      DataSource dataSource, StatementCounter counter, String holder, Duration ttl) {
    return new JooqTenantLeases(
        DSL.using(JooqSyncDatabase.configuration(dataSource, counter)), counter, holder, ttl);
  }

  @Override
  public Optional<Lease> tryTake(TenantId tenantId) {
    Optional<Long> token =
        run(
            tenantId,
            "lease.take",
            () ->
                dsl.resultQuery(TAKE, tenantId.value(), holder, ttlMillis)
                    .fetchOptional(0, Long.class));
    return token.map(t -> new RowLease(tenantId, t));
  }

  private <T> T run(TenantId tenantId, String operation, Supplier<T> statement) {
    try {
      return counter.scoped(tenantId, operation, statement);
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(
          operation + " failed for tenant " + tenantId + ": " + e.getMessage(), e);
    }
  }

  private final class RowLease implements Lease {
    private final TenantId tenantId;
    private final long token;

    RowLease(TenantId tenantId, long token) {
      this.tenantId = tenantId;
      this.token = token;
    }

    @Override
    public TenantId tenantId() {
      return tenantId;
    }

    @Override
    public Fence fence() {
      return new Fence.Token(token);
    }

    @Override
    public void renew() {
      int renewed =
          run(
              tenantId,
              "lease.renew",
              () -> dsl.execute(RENEW, ttlMillis, tenantId.value(), token));
      if (renewed == 0) {
        throw new LeaseLostException(
            tenantId, "token " + token + " expired or another instance took it");
      }
    }

    @Override
    public void close() {
      try {
        run(tenantId, "lease.release", () -> dsl.execute(RELEASE, tenantId.value(), token));
      } catch (SyncDatabaseException e) {
        // It expires on its own; until then no other instance syncs the tenant.
        log.warn("tenant={} releasing the tenant lease failed: {}", tenantId, e.getMessage());
      }
    }
  }
}
