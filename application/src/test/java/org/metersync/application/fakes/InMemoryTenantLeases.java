package org.metersync.application.fakes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.metersync.application.port.Fence;
import org.metersync.application.port.LeaseLostException;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.TenantId;

/**
 * The {@code tenant_lease} table in memory, behaving like {@code JooqTenantLeases}: a lease is
 * taken when absent, expired or the taker's own; every take draws a larger token; a renewal needs
 * the token and an unexpired lease; release removes it. Time only moves when a test says so.
 */
public final class InMemoryTenantLeases {

  private record Row(String holder, long token, long expiresAtMillis) {}

  private final Map<TenantId, Row> rows = new HashMap<>();
  private final long ttlMillis;
  private long nowMillis;
  private long lastToken;
  private int renewals;

  public InMemoryTenantLeases(Duration ttl) {
    this.ttlMillis = ttl.toMillis();
  }

  public InMemoryTenantLeases() {
    this(Duration.ofSeconds(90));
  }

  /** The leases as the instance {@code holder} takes them. */
  public TenantLeases holder(String holder) {
    requireNonNull(holder, "holder");
    return tenantId -> take(holder, tenantId);
  }

  /** Moves time on. */
  public synchronized void advance(Duration duration) {
    nowMillis += duration.toMillis();
  }

  /** Whether a write fenced by {@code fence} would apply now, as the adapter checks it. */
  public synchronized boolean holds(TenantId tenantId, Fence fence) {
    if (fence instanceof Fence.Token token) {
      Row row = rows.get(tenantId);
      return row != null && row.token() == token.value() && row.expiresAtMillis() > nowMillis;
    }
    return true;
  }

  /** The instance holding the tenant's unexpired lease, if any. */
  public synchronized Optional<String> holderOf(TenantId tenantId) {
    Row row = rows.get(tenantId);
    return row == null || row.expiresAtMillis() <= nowMillis
        ? Optional.empty()
        : Optional.of(row.holder());
  }

  public synchronized int renewals() {
    return renewals;
  }

  private synchronized Optional<TenantLeases.Lease> take(String holder, TenantId tenantId) {
    Row row = rows.get(tenantId);
    if (row != null && row.expiresAtMillis() > nowMillis && !row.holder().equals(holder)) {
      return Optional.empty();
    }
    long token = ++lastToken;
    rows.put(tenantId, new Row(holder, token, nowMillis + ttlMillis));
    return Optional.of(new Held(tenantId, holder, token));
  }

  private synchronized void renew(TenantId tenantId, long token) {
    renewals++;
    Row row = rows.get(tenantId);
    if (row == null || row.token() != token || row.expiresAtMillis() <= nowMillis) {
      throw new LeaseLostException(tenantId, "token " + token + " no longer holds it");
    }
    rows.put(tenantId, new Row(row.holder(), token, nowMillis + ttlMillis));
  }

  private synchronized void release(TenantId tenantId, long token) {
    Row row = rows.get(tenantId);
    if (row != null && row.token() == token) {
      rows.remove(tenantId);
    }
  }

  private final class Held implements TenantLeases.Lease {
    private final TenantId tenantId;
    private final long token;

    Held(TenantId tenantId, String holder, long token) {
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
      InMemoryTenantLeases.this.renew(tenantId, token);
    }

    @Override
    public void close() {
      release(tenantId, token);
    }
  }
}
