package org.metersync.bench;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.metersync.adapters.postgres.BenchDatabase;
import org.metersync.adapters.postgres.BenchDatabase.StatusCounts;
import org.metersync.adapters.postgres.BenchDatabase.TableStatistics;
import org.metersync.adapters.postgres.PlainJdbcFlows;
import org.metersync.application.DownloadReport;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.UploadReport;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;

/**
 * The scenarios, each on a tenant of its own that is made before and deleted after the measured
 * part. The real flows count their statements with the service's own statement counter; the
 * plain-JDBC baselines and floors ({@link PlainJdbcFlows}) count every statement they execute.
 */
final class Scenarios {

  /** The seeds' hard-coded sizes, which the baselines keep: fetch 1000, per-row SQL in 100s. */
  static final int BASELINE_FETCH = 1000;

  static final int BASELINE_BATCH = 100;

  private static final int MAX_RETRIES = 5;

  /** The state of the backlog an upload scenario drains. */
  enum Backlog {
    /** Inserted, then vacuumed and analyzed before the run. */
    SETTLED,
    /** Inserted just before the run, never vacuumed or analyzed. */
    FRESH;

    String name(String scenario) {
      return this == FRESH ? BenchRow.fresh(scenario) : scenario;
    }
  }

  private final BenchEnvironment environment;
  private final BenchDatabase database;
  private final PlainJdbcFlows plainJdbc;
  private final StatementStatistics counter;
  private final LoopbackClientSystem clientSystem;
  private final int downloadBatchSize;
  private final DirectUpload direct = new DirectUpload();

  Scenarios(BenchEnvironment environment, int downloadBatchSize) {
    this.environment = environment;
    this.database = environment.database();
    this.plainJdbc = environment.plainJdbc();
    this.counter = environment.statements();
    this.clientSystem = environment.clientSystem();
    this.downloadBatchSize = downloadBatchSize;
  }

  /**
   * Drains {@code readings} pending readings through {@link MeterReadingUploadManager}, on a
   * backlog settled or fresh as {@code backlog} says, timing every select and mark.
   */
  BenchRow upload(int batch, int readings, String run, Backlog backlog) throws Exception {
    String scenario = backlog.name(BenchRow.UPLOAD);
    TenantId tenant = tenant(scenario, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    MeterReadingUploadManager manager = environment.upload(tenant, MAX_RETRIES);
    StatementTimer timer = new StatementTimer();
    return timedUpload(
        scenario,
        batch,
        readings,
        tenant,
        backlog,
        timer,
        () ->
            environment.timed(
                tenant,
                timer,
                () -> {
                  long before = counter.statements(tenant);
                  UploadReport report = manager.uploadReadings();
                  require(report.synchronizedCount() == readings, "upload", report);
                  return counter.statements(tenant) - before;
                }));
  }

  /** {@link #upload(int, int, String, Backlog)} on a settled backlog. */
  BenchRow upload(int batch, int readings, String run) throws Exception {
    return upload(batch, readings, run, Backlog.SETTLED);
  }

  /**
   * Drains {@code readings} pending readings into a remote-bound client system ({@code cost}, one
   * request at a time) as the sync loop runs the upload: under the tenant's lease, renewed before
   * every request, marks fenced by it and overlapping the next request; the lease's take and
   * release are timed with it. The row adds the client system's busy time and the renewals.
   */
  BenchRow remoteUpload(int batch, int readings, String run, Backlog backlog, RemoteCost cost)
      throws Exception {
    String scenario = backlog.name(BenchRow.REMOTE_UPLOAD);
    TenantId tenant = tenant(scenario, batch, run);
    BatchSizes sizes = new BatchSizes(downloadBatchSize, batch);
    environment.register(tenant, sizes);
    clientSystem.charge(tenant.value(), cost);
    TimedUploads api = new TimedUploads(environment.clientSystemApi(tenant));
    MeterReadingUploadManager manager = environment.upload(tenant, api, MAX_RETRIES);
    StatementTimer timer = new StatementTimer();
    AtomicLong busy = new AtomicLong();
    BenchRow row =
        timedUpload(
            scenario,
            batch,
            readings,
            tenant,
            backlog,
            timer,
            () ->
                environment.timed(
                    tenant,
                    timer,
                    () -> {
                      long before = counter.statements(tenant);
                      try (TenantLeases.Lease lease = environment.lease(tenant)) {
                        UploadReport report = manager.uploadReadings(sizes, () -> false, lease);
                        require(report.synchronizedCount() == readings, "upload", report);
                      }
                      busy.set(clientSystem.busyNanos(tenant.value()));
                      return counter.statements(tenant) - before;
                    }));
    return row.withRemote(new RemoteFigures(busy.get() / 1e9, api.uploads(), timer.renews()));
  }

  /**
   * The yardstick of {@link #remoteUpload}: the same readings in the same batches, POSTed straight
   * to the same remote-bound client system one after the other ({@link DirectUpload}); no database.
   */
  BenchRow remoteDirect(int batch, int readings, String run, RemoteCost cost) {
    TenantId tenant = tenant(BenchRow.REMOTE_DIRECT, batch, run);
    List<DirectUpload.Request> requests = direct.requests(readings, batch);
    clientSystem.charge(tenant.value(), cost);
    try {
      long before = clientSystem.requests();
      HeapSampler heap = HeapSampler.start();
      long start = System.nanoTime();
      DirectUpload.Sent sent;
      double peak;
      try {
        sent = direct.send(clientSystem.baseUrl(tenant.value()), environment.token(), requests);
      } finally {
        peak = heap.stop();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      require(sent.accepted() == readings, "direct upload", sent.accepted() + " accepted");
      long busy = clientSystem.busyNanos(tenant.value());
      return new BenchRow(
              BenchRow.REMOTE_DIRECT,
              batch,
              readings,
              seconds,
              0,
              clientSystem.requests() - before,
              peak)
          .withRemote(new RemoteFigures(busy / 1e9, sent.requests(), StatementTimes.Timings.NONE));
    } finally {
      clientSystem.forget(tenant.value());
    }
  }

  /** Pulls {@code readings} new readings through {@link SyncManager#downloadReadings()}. */
  BenchRow download(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.DOWNLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    clientSystem.offer(tenant.value(), readings);
    SyncManager manager = environment.download(tenant);
    return measured(
        BenchRow.DOWNLOAD,
        batch,
        readings,
        tenant,
        () -> {
          long before = counter.statements(tenant);
          manager.initialize();
          DownloadReport report = manager.downloadReadings();
          require(report.inserted() == readings, "download", report);
          return counter.statements(tenant) - before;
        });
  }

  /**
   * The naive upload the seeds replace: fetch {@value #BASELINE_FETCH}, upload in batches of
   * {@value #BASELINE_BATCH} over the same adapter, then one UPDATE per accepted reading (one
   * transaction per batch).
   */
  BenchRow baselineUpload(int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.BASELINE_UPLOAD, BASELINE_BATCH, run);
    environment.register(tenant, new BatchSizes(BASELINE_FETCH, BASELINE_BATCH));
    database.insertPending(tenant, readings);
    ClientSystemApi api = environment.clientSystemApi(tenant);
    return measured(
        BenchRow.BASELINE_UPLOAD,
        BASELINE_BATCH,
        readings,
        tenant,
        () -> plainJdbc.uploadRowByRow(tenant, BASELINE_FETCH, BASELINE_BATCH, api::upload));
  }

  /**
   * The naive download: pages of {@value #BASELINE_FETCH} over the same adapter, one INSERT per
   * reading, a transaction per {@value #BASELINE_BATCH}, the cursor saved with the page's last.
   */
  BenchRow baselineDownload(int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.BASELINE_DOWNLOAD, BASELINE_BATCH, run);
    environment.register(tenant, new BatchSizes(BASELINE_FETCH, BASELINE_BATCH));
    clientSystem.offer(tenant.value(), readings);
    ClientSystemApi api = environment.clientSystemApi(tenant);
    return measured(
        BenchRow.BASELINE_DOWNLOAD,
        BASELINE_BATCH,
        readings,
        tenant,
        () ->
            plainJdbc.downloadRowByRow(tenant, BASELINE_FETCH, BASELINE_BATCH, api::fetchReadings));
  }

  /**
   * What the database alone costs for {@link #upload}: the same SELECT and batch UPDATE, in the
   * same batches, by plain JDBC on one connection with both statements prepared once; no HTTP. On a
   * backlog settled or fresh as {@code backlog} says, timing every select and mark.
   */
  BenchRow floorUpload(int batch, int readings, String run, Backlog backlog) throws Exception {
    String scenario = backlog.name(BenchRow.FLOOR_UPLOAD);
    TenantId tenant = tenant(scenario, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    StatementTimer timer = new StatementTimer();
    return timedUpload(
        scenario,
        batch,
        readings,
        tenant,
        backlog,
        timer,
        () -> plainJdbc.uploadInBatches(tenant, batch, timer));
  }

  /** {@link #floorUpload(int, int, String, Backlog)} on a settled backlog. */
  BenchRow floorUpload(int batch, int readings, String run) throws Exception {
    return floorUpload(batch, readings, run, Backlog.SETTLED);
  }

  /**
   * What the database alone costs for {@link #download}: {@code COPY} of the same rows, one COPY
   * per chunk of the batch size, one transaction per page of the download batch size; no HTTP, no
   * cursor.
   */
  BenchRow floorDownload(int batch, int readings, String run) throws Exception {
    TenantId tenant = tenant(BenchRow.FLOOR_DOWNLOAD, batch, run);
    environment.register(tenant, new BatchSizes(downloadBatchSize, batch));
    return measured(
        BenchRow.FLOOR_DOWNLOAD,
        batch,
        readings,
        tenant,
        () ->
            plainJdbc.copyPages(
                tenant, readings, downloadBatchSize, batch, BenchReadings::downloaded));
  }

  /**
   * Inserts the tenant's backlog and times {@code work} draining it. Settled: the backlog is
   * inserted, then the database settled ({@link BenchDatabase#settle}). Fresh: the database is
   * settled first, then the backlog inserted just before the run, with no VACUUM or ANALYZE, so the
   * planner's statistics (if any) predate it, as when field apps insert readings all day; on the
   * benchmark's own server autovacuum is kept off the table until the run ends, on a configured one
   * the row says whether an ANALYZE came first or ran during the run.
   */
  private BenchRow timedUpload(
      String scenario,
      int batch,
      int readings,
      TenantId tenant,
      Backlog backlog,
      StatementTimer timer,
      Callable<Long> work)
      throws Exception {
    boolean paused = false;
    try {
      if (backlog == Backlog.FRESH) {
        database.settle();
        if (environment.embedded()) {
          database.pauseAutovacuum();
          paused = true;
        }
      }
      TableStatistics beforeInsert = database.tableStatistics();
      database.insertPending(tenant, readings);
      if (backlog == Backlog.SETTLED) {
        database.settle();
      }
      TableStatistics atStart = database.tableStatistics();
      BenchRow row = timed(scenario, batch, readings, tenant, work);
      PlannerStatistics statistics =
          PlannerStatistics.of(beforeInsert, atStart, database.tableStatistics());
      return new BenchRow(
          row.scenario(),
          row.batchSize(),
          row.readings(),
          row.seconds(),
          row.sqlStatements(),
          row.httpRequests(),
          row.peakHeapMb(),
          Optional.of(timer.times()),
          Optional.of(statistics));
    } finally {
      try {
        if (paused) {
          database.resumeAutovacuum();
        }
      } finally {
        environment.delete(tenant);
      }
    }
  }

  /** Times {@code work} on a settled database; every reading must end up synchronized. */
  private BenchRow measured(
      String scenario, int batch, int readings, TenantId tenant, Callable<Long> work)
      throws Exception {
    try {
      database.settle();
      return timed(scenario, batch, readings, tenant, work);
    } finally {
      environment.delete(tenant);
    }
  }

  /** Times {@code work} as it is; every reading must end up synchronized. */
  private BenchRow timed(
      String scenario, int batch, int readings, TenantId tenant, Callable<Long> work)
      throws Exception {
    long requests = clientSystem.requests();
    HeapSampler heap = HeapSampler.start();
    long start = System.nanoTime();
    long statements;
    double peak;
    try {
      statements = work.call();
    } finally {
      peak = heap.stop();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    StatusCounts status = database.statusCounts(tenant);
    StatusCounts expected = new StatusCounts(0, readings, 0);
    if (!status.equals(expected)) {
      throw new IllegalStateException(
          scenario
              + " at batch "
              + batch
              + " left pending/synchronized/failed "
              + status
              + ", expected "
              + expected);
    }
    return new BenchRow(
        scenario, batch, readings, seconds, statements, clientSystem.requests() - requests, peak);
  }

  /**
   * Preloads {@code readings} synchronized readings of {@code tenants} other tenants and settles
   * the database, so that every run drains its tenant's backlog inside a large table.
   */
  void history(long readings, int tenants) {
    database.insertHistory(readings, tenants);
    database.settle();
  }

  private static TenantId tenant(String scenario, int batch, String run) {
    return TenantId.of(BenchEnvironment.TENANT_PREFIX + scenario + "-" + batch + run);
  }

  private static void require(boolean condition, String what, Object report) {
    if (!condition) {
      throw new IllegalStateException(what + " did not move every reading: " + report);
    }
  }
}
