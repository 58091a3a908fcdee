package org.metersync.application;

import org.metersync.application.port.TenantCache;
import org.metersync.domain.BatchSizeProblem;
import org.metersync.domain.TenantId;
import org.slf4j.Logger;

/** Logs a tenant's batch sizes and any problem with the stored values, as the seed asks. */
final class BatchSizeLog {

  private BatchSizeLog() {}

  static void problems(Logger log, TenantId tenantId, TenantCache.Lookup lookup) {
    for (BatchSizeProblem problem : lookup.tenant().batchSizes().problems()) {
      if (problem.severity() == BatchSizeProblem.Severity.ERROR) {
        log.error("tenant={} invalid batch size: {}", tenantId, problem.message());
      } else {
        log.warn("tenant={} missing batch size: {}", tenantId, problem.message());
      }
    }
  }

  static String source(TenantCache.Source source) {
    return switch (source) {
      case CACHE -> "tenant cache";
      case DATABASE -> "database";
      case DEFAULTS -> "defaults";
    };
  }
}
