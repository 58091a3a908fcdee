package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;
import java.util.function.Supplier;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.metersync.application.port.StatementStatistics;
import org.metersync.domain.TenantId;

/**
 * Counts the SQL statements jOOQ executes, per tenant and operation. The tenant and operation come
 * from the scope the calling thread entered with {@link #scoped}; statements outside any scope are
 * counted under {@link #UNSCOPED}.
 */
public final class StatementCounter implements ExecuteListener, StatementStatistics {

  private static final long serialVersionUID = 1L;

  /** The operation name of statements run outside any scope. */
  public static final String UNSCOPED = "unscoped";

  private final transient Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
  private final transient ThreadLocal<Key> current = new ThreadLocal<>();
  private final transient Map<TenantId, ObjLongConsumer<String>> timed = new ConcurrentHashMap<>();

  private record Key(TenantId tenantId, String operation) {}

  /** When a timed statement started, kept in its execute context until it ends. */
  private record Started(Key key, long nanos) {}

  private static final String STARTED = StatementCounter.class.getName() + ".started";

  /** Runs {@code work} with its statements counted for the tenant and operation. */
  public <T> T scoped(TenantId tenantId, String operation, Supplier<T> work) {
    Key previous = current.get();
    current.set(new Key(tenantId, operation));
    try {
      return work.get();
    } finally {
      if (previous == null) {
        current.remove();
      } else {
        current.set(previous);
      }
    }
  }

  /**
   * Tells {@code observer} the operation and duration in nanoseconds (execution and fetch) of each
   * statement executed for the tenant, until {@link #stopTiming}; for the benchmark, which reports
   * per-batch statement times. Untimed tenants cost a map lookup per statement, nothing more.
   */
  public void time(TenantId tenantId, ObjLongConsumer<String> observer) {
    timed.put(requireNonNull(tenantId, "tenantId"), requireNonNull(observer, "observer"));
  }

  /** Stops telling the tenant's statement times. */
  public void stopTiming(TenantId tenantId) {
    timed.remove(tenantId);
  }

  @Override
  public void executeStart(ExecuteContext ctx) {
    Key key = current.get();
    counts
        .computeIfAbsent(key == null ? new Key(null, UNSCOPED) : key, k -> new LongAdder())
        .increment();
    if (key != null && key.tenantId() != null && timed.containsKey(key.tenantId())) {
      ctx.data(STARTED, new Started(key, System.nanoTime()));
    }
  }

  @Override
  public void end(ExecuteContext ctx) {
    if (ctx.data(STARTED) instanceof Started started) {
      long nanos = System.nanoTime() - started.nanos();
      ObjLongConsumer<String> observer = timed.get(started.key().tenantId());
      if (observer != null) {
        observer.accept(started.key().operation(), nanos);
      }
    }
  }

  @Override
  public long statements(TenantId tenantId) {
    long total = 0;
    for (Map.Entry<Key, LongAdder> entry : counts.entrySet()) {
      if (tenantId.equals(entry.getKey().tenantId())) {
        total += entry.getValue().sum();
      }
    }
    return total;
  }

  /** Statements executed for the tenant, by operation, sorted by operation name. */
  public Map<String, Long> statementsByOperation(TenantId tenantId) {
    Map<String, Long> result = new TreeMap<>();
    counts.forEach(
        (key, count) -> {
          if (tenantId.equals(key.tenantId())) {
            result.merge(key.operation(), count.sum(), Long::sum);
          }
        });
    return result;
  }

  /** All statements counted, every tenant and operation together. */
  public long totalStatements() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
