package org.metersync.bootstrap.observability;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/** A tenant's state in this process's loop, for {@code /health}. */
public record TenantStatus(
    TenantId tenantId,
    CycleOutcome lastOutcome,
    Optional<Instant> lastCycleAt,
    Optional<String> lastError,
    boolean reachable,
    int consecutiveFailures,
    Optional<Instant> nextRunAt) {}
