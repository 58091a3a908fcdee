package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.metersync.application.port.InstanceRegistry;
import org.metersync.application.port.SyncDatabaseException;

/**
 * Instances as rows of {@code service_instance}, renewed and read by autocommit statements that
 * keep no session state (so they work through a transaction pooler). Expiry is the database's
 * clock, as for tenant leases. See decision 0011.
 */
public final class JooqInstanceRegistry implements InstanceRegistry {

  /**
   * Drops the rows of instances whose registration expired (crashed ones leave theirs behind). It
   * skips rows another transaction has locked and so never waits: a renewal may wait for it, never
   * the other way round, so renewals and prunes cannot deadlock.
   */
  private static final String PRUNE =
      "delete from service_instance where instance_id in (select instance_id"
          + " from service_instance where expires_at <= current_timestamp for update skip locked)";

  /**
   * Registers or renews this instance and reads who is live; both parts see the statement's one
   * snapshot, so this instance's own row comes from the upsert's result.
   */
  private static final String RENEW =
      "with me as (insert into service_instance as s (instance_id, expires_at)"
          + " values (?, current_timestamp + ? * interval '1 millisecond')"
          + " on conflict (instance_id) do update set expires_at = excluded.expires_at"
          + " returning s.instance_id)"
          + " select instance_id from service_instance where expires_at > current_timestamp"
          + " union select instance_id from me";

  private static final String LEAVE = "delete from service_instance where instance_id = ?";

  private final DSLContext dsl;
  private final String instance;
  private final long ttlMillis;

  JooqInstanceRegistry(DSLContext dsl, String instance, Duration ttl) {
    this.dsl = requireNonNull(dsl, "dsl");
    this.instance = requireNonNull(instance, "instance");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException(
          "an instance registration's time to live must be positive: " + ttl);
    }
    this.ttlMillis = ttl.toMillis();
  }

  /**
   * The registry as {@code instance} (unique per running instance) sees it, registering for {@code
   * ttl} at a time, on {@code dataSource}, its statements counted by {@code counter}.
   */
  public static JooqInstanceRegistry create(
      DataSource dataSource, StatementCounter counter, String instance, Duration ttl) {
    return new JooqInstanceRegistry(
        DSL.using(JooqSyncDatabase.configuration(dataSource, counter)), instance, ttl);
  }

  @Override
  public Set<String> renew() {
    try {
      dsl.execute(PRUNE);
      return new TreeSet<>(dsl.resultQuery(RENEW, instance, ttlMillis).fetch(0, String.class));
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(
          "renewing the registration of instance " + instance + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void leave() {
    try {
      dsl.execute(LEAVE, instance);
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(
          "ending the registration of instance " + instance + " failed: " + e.getMessage(), e);
    }
  }
}
