package org.metersync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.metersync.adapters.postgres.BenchDatabase;
import org.metersync.adapters.postgres.PlainJdbcFlows;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantLeases;
import org.metersync.application.port.TenantRegistration;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/**
 * What the benchmark runs on: the service as its host wires it (real jOOQ database, tenant cache,
 * reference-rest adapter and shared HTTP client) on an embedded PostgreSQL in a fresh directory or
 * on the configured database, and a loopback client system. Every tenant it makes is called {@value
 * #TENANT_PREFIX}… and is deleted with its rows.
 */
final class BenchEnvironment implements AutoCloseable {

  static final String TENANT_PREFIX = "bench-";
  private static final String TOKEN = "bench-token";

  private final Path workDirectory;
  private final boolean embedded;
  private final boolean keep;
  private final BenchService service;
  private final BenchDatabase database;
  private final PlainJdbcFlows plainJdbc;
  private final LoopbackClientSystem clientSystem;
  private final String credential;

  private BenchEnvironment(
      Path workDirectory,
      boolean embedded,
      boolean keep,
      BenchService service,
      LoopbackClientSystem clientSystem,
      String credential) {
    this.workDirectory = workDirectory;
    this.embedded = embedded;
    this.keep = keep;
    this.service = service;
    this.database = new BenchDatabase(service.dataSource(), TENANT_PREFIX, embedded);
    this.plainJdbc = new PlainJdbcFlows(service.dataSource());
    this.clientSystem = clientSystem;
    this.credential = credential;
  }

  /**
   * Opens the database {@code configFile} configures, or (without it) an embedded one in a fresh
   * temporary directory with the given {@code synchronous_commit}, migrates it and removes what an
   * earlier run may have left.
   */
  static BenchEnvironment open(
      BenchHost host, Optional<Path> configFile, boolean keep, boolean synchronousCommit) {
    Path work;
    try {
      work = Files.createTempDirectory("meter-sync-bench-");
      Path token = Files.writeString(work.resolve("token"), TOKEN + "\n");
      BenchService service = host.open(configFile, work, synchronousCommit);
      LoopbackClientSystem clientSystem = null;
      try {
        service.migrate();
        clientSystem = LoopbackClientSystem.start(TOKEN);
        BenchEnvironment environment =
            new BenchEnvironment(
                work, configFile.isEmpty(), keep, service, clientSystem, "file:" + token);
        environment.deleteBenchTenants();
        return environment;
      } catch (RuntimeException e) {
        if (clientSystem != null) {
          clientSystem.close();
        }
        service.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the benchmark: " + e.getMessage(), e);
    }
  }

  /** The benchmark's data: setup, settling, counting, clean-up. */
  BenchDatabase database() {
    return database;
  }

  /** The plain-JDBC floors and baselines. */
  PlainJdbcFlows plainJdbc() {
    return plainJdbc;
  }

  StatementStatistics statements() {
    return service.statements();
  }

  /** Whether the database is the benchmark's own embedded server (not a configured one). */
  boolean embedded() {
    return embedded;
  }

  /** The server measured, with the history preloaded beside the runs. */
  ServerUnderTest server(long historyReadings, int historyTenants) {
    BenchDatabase.ServerSettings settings = database.serverSettings();
    return new ServerUnderTest(
        embedded,
        settings.version(),
        settings.synchronousCommit(),
        historyReadings,
        historyTenants);
  }

  /** Runs {@code work} with the service's statements for the tenant timed by {@code timer}. */
  <T> T timed(TenantId tenant, StatementTimer timer, Callable<T> work) throws Exception {
    service.timeStatements(tenant, timer);
    try {
      return work.call();
    } finally {
      service.stopTimingStatements(tenant);
    }
  }

  LoopbackClientSystem clientSystem() {
    return clientSystem;
  }

  /** Where the database is, for the report. */
  String databaseDescription() {
    return service.databaseDescription();
  }

  /** Creates the tenant with these batch sizes, its client system being the loopback one. */
  void register(TenantId tenant, BatchSizes sizes) {
    requireBenchTenant(tenant);
    service
        .tenantDirectory()
        .register(
            new TenantRegistration(
                tenant,
                tenant.value(),
                "reference-rest",
                clientSystem.baseUrl(tenant.value()),
                Optional.of(sizes)));
  }

  /** The tenant's reference-rest adapter, made the way the service makes it. */
  ClientSystemApi clientSystemApi(TenantId tenant) {
    return service.clientSystem(
        new ClientSystemSettings(
            tenant,
            "reference-rest",
            clientSystem.baseUrl(tenant.value()),
            Optional.of(credential),
            Map.of()));
  }

  MeterReadingUploadManager upload(TenantId tenant, int maxRetries) {
    return upload(tenant, clientSystemApi(tenant), maxRetries);
  }

  /** The tenant's upload over {@code api}, wired as the service runs it. */
  MeterReadingUploadManager upload(TenantId tenant, ClientSystemApi api, int maxRetries) {
    return service.upload(tenant, api, maxRetries);
  }

  /** Takes the tenant's lease, as the sync loop does before a cycle. */
  TenantLeases.Lease lease(TenantId tenant) {
    requireBenchTenant(tenant);
    return service.lease(tenant);
  }

  /** The token the loopback client system wants. */
  String token() {
    return TOKEN;
  }

  SyncManager download(TenantId tenant) {
    return service.download(tenant, clientSystemApi(tenant));
  }

  /** Deletes the tenant and everything it has; settling vacuums before the next run. */
  void delete(TenantId tenant) {
    requireBenchTenant(tenant);
    database.delete(tenant);
    service.invalidateTenant(tenant);
    clientSystem.forget(tenant.value());
  }

  private void deleteBenchTenants() {
    database.deleteAll();
    service.invalidateTenants();
  }

  private static void requireBenchTenant(TenantId tenant) {
    if (!tenant.value().startsWith(TENANT_PREFIX)) {
      throw new IllegalArgumentException("not a benchmark tenant: " + tenant);
    }
  }

  /** Where the data lives, when it is kept. */
  Path workDirectory() {
    return workDirectory;
  }

  @Override
  public void close() {
    try {
      deleteBenchTenants();
    } finally {
      try {
        service.close();
      } finally {
        clientSystem.close();
        if (!keep) {
          deleteDirectory(workDirectory);
        }
      }
    }
  }

  private static void deleteDirectory(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }
}
