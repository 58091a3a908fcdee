package org.metersync.application.port;

/**
 * The batch sizes as stored for a tenant; a value is null where nothing usable is stored. The
 * domain's {@link org.metersync.domain.BatchSizes#resolve} turns them into sizes to use.
 */
public record TenantBatchConfig(Integer downloadBatchSize, Integer uploadBatchSize) {}
