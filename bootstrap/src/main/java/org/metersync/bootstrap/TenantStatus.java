package org.metersync.bootstrap;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.TenantId;

/**
 * A tenant's state in this process's loop, for {@code /health}.
 *
 * @param lastOutcome {@code ok}, {@code failed}, {@code skipped} (another worker held the tenant)
 *     or {@code none} before the first cycle
 */
public record TenantStatus(
    TenantId tenantId,
    String lastOutcome,
    Optional<Instant> lastCycleAt,
    Optional<String> lastError,
    boolean reachable,
    int consecutiveFailures,
    Optional<Instant> nextRunAt) {}
