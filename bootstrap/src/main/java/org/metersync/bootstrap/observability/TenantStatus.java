package org.metersync.bootstrap.observability;

import java.time.Instant;
import java.util.Optional;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/**
 * A tenant's state in this process's loop, for {@code /health}.
 *
 * @param enabled false for a tenant an operator disabled
 * @param problem why its client system cannot be made, if it cannot: then it is not synced
 * @param syncedHere whether it is in this instance's share of the tenants (several instances on one
 *     database); a tenant another instance syncs shows no next run here
 * @param running whether a cycle of it runs here now; one still running after the tenant left this
 *     instance's share is the last here
 */
public record TenantStatus(
    TenantId tenantId,
    CycleOutcome lastOutcome,
    Optional<Instant> lastCycleAt,
    Optional<String> lastError,
    boolean reachable,
    int consecutiveFailures,
    Optional<Instant> nextRunAt,
    boolean enabled,
    Optional<String> problem,
    boolean syncedHere,
    boolean running) {}
