package org.metersync.application;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.Executor;
import org.metersync.application.port.DownloadedPages;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.UploadAttempts;
import org.metersync.application.port.UploadBacklog;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;

/**
 * Makes a tenant's upload, download and cycle over the sync database's ports, once its client
 * system is known. Database work runs on {@code pipeline} while the client system is called.
 */
public final class TenantSyncFactory {

  private final TenantCache tenantCache;
  private final UploadBacklog backlog;
  private final UploadAttempts attempts;
  private final DownloadedPages pages;
  private final StatementStatistics statements;
  private final Executor pipeline;
  private final Clock clock;

  public TenantSyncFactory(
      TenantCache tenantCache,
      UploadBacklog backlog,
      UploadAttempts attempts,
      DownloadedPages pages,
      StatementStatistics statements,
      Executor pipeline,
      Clock clock) {
    this.tenantCache = requireNonNull(tenantCache, "tenantCache");
    this.backlog = requireNonNull(backlog, "backlog");
    this.attempts = requireNonNull(attempts, "attempts");
    this.pages = requireNonNull(pages, "pages");
    this.statements = requireNonNull(statements, "statements");
    this.pipeline = requireNonNull(pipeline, "pipeline");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The tenant's upload, its marks overlapping the next batch. */
  public MeterReadingUploadManager upload(
      TenantId tenantId, ClientSystemApi clientSystem, int maxRetries, BatchListener listener) {
    return new MeterReadingUploadManager(
        tenantId, tenantCache, backlog, attempts, clientSystem, maxRetries, listener, pipeline);
  }

  /**
   * The tenant's download from {@code clientSystem}, which is {@code source}; each next page
   * fetched while the last is stored.
   */
  public SyncManager download(
      TenantId tenantId,
      ClientSystemApi clientSystem,
      DownloadSource source,
      BatchListener listener) {
    return new SyncManager(tenantId, tenantCache, pages, clientSystem, source, listener, pipeline);
  }

  /** The tenant's cycle: upload, then download. */
  public TenantSyncCycle cycle(
      TenantId tenantId,
      ClientSystemApi clientSystem,
      DownloadSource source,
      int maxRetries,
      BatchListener listener) {
    return new TenantSyncCycle(
        tenantId,
        download(tenantId, clientSystem, source, listener),
        upload(tenantId, clientSystem, maxRetries, listener),
        statements,
        clock);
  }
}
