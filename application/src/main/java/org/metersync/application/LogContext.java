package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import org.metersync.domain.TenantId;
import org.slf4j.MDC;

/**
 * What a log line is about, kept in SLF4J's MDC while a tenant's work runs: its tenant, its cycle,
 * and the batch within the cycle. JSON logs write these as fields of every line.
 */
public final class LogContext {

  public static final String TENANT = "tenant";
  public static final String CYCLE = "cycle";
  public static final String OPERATION = "operation";
  public static final String BATCH = "batch";

  private LogContext() {}

  /** The tenant until the scope closes. */
  public static Scope tenant(TenantId tenantId) {
    return put(Map.of(TENANT, requireNonNull(tenantId, "tenantId").value()));
  }

  /** Runs {@code work} with the tenant in the MDC. */
  public static void inTenant(TenantId tenantId, Runnable work) {
    try (Scope scope = tenant(tenantId)) {
      work.run();
    }
  }

  /** The tenant and its cycle's number until the scope closes. */
  public static Scope cycle(TenantId tenantId, long number) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(TENANT, requireNonNull(tenantId, "tenantId").value());
    entries.put(CYCLE, Long.toString(number));
    return put(entries);
  }

  /** The operation and the batch's number within the cycle until the scope closes. */
  public static Scope batch(BatchOperation operation, int number) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put(OPERATION, operation.code());
    entries.put(BATCH, Integer.toString(number));
    return put(entries);
  }

  // Scopes nest (a batch finished while the next is current), so closing restores, not removes.
  private static Scope put(Map<String, String> entries) {
    Map<String, String> previous = new LinkedHashMap<>();
    entries.forEach(
        (key, value) -> {
          previous.put(key, MDC.get(key));
          MDC.put(key, value);
        });
    return () ->
        previous.forEach(
            (key, value) -> {
              if (value == null) {
                MDC.remove(key);
              } else {
                MDC.put(key, value);
              }
            });
  }

  /** An MDC change undone on close. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
