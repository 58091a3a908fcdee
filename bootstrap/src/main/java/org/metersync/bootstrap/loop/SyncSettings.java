package org.metersync.bootstrap.loop;

import java.time.Duration;
import org.metersync.domain.Backoff;
import org.metersync.domain.SyncSchedule;

/** The sync loop's settings. */
public record SyncSettings(
    Duration syncInterval,
    boolean enableAutoSync,
    int maxRetries,
    Duration backoffInitial,
    Duration backoffMax,
    Duration connectivityCheckInterval,
    int workers,
    Duration shutdownGrace,
    long tenantCacheSize,
    Duration tenantCacheExpiry) {

  /** When the sync loop runs a tenant next. */
  public SyncSchedule schedule() {
    return new SyncSchedule(
        syncInterval, connectivityCheckInterval, new Backoff(backoffInitial, backoffMax));
  }
}
