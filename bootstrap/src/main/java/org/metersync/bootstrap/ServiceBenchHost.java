package org.metersync.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;
import org.metersync.adapters.postgres.SchemaMigrator;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantLeases;
import org.metersync.bench.BenchHost;
import org.metersync.bench.BenchService;
import org.metersync.bootstrap.loop.SyncSettings;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/**
 * The benchmark's service: the Dagger component and {@link ServiceTenants}, so that the benchmark
 * measures the upload and download exactly as the service wires them.
 */
public final class ServiceBenchHost implements BenchHost {

  @Override
  public BenchService open(Optional<Path> configFile, Path directory, boolean synchronousCommit) {
    ServiceConfig config =
        configFile
            .map(file -> ServiceConfig.from(Config.load(file, true, System.getenv())))
            .orElseGet(() -> embeddedConfig(directory, synchronousCommit));
    return new Opened(DaggerServiceComponent.factory().create(config));
  }

  /**
   * An embedded database of its own in {@code directory} with the given {@code synchronous_commit},
   * one worker, nothing synced by itself.
   */
  static ServiceConfig embeddedConfig(Path directory, boolean synchronousCommit) {
    return new ServiceConfig(
        new DatabaseSettings(
            Optional.empty(),
            "postgres",
            null,
            10,
            Duration.ofSeconds(10),
            directory.resolve("postgres"),
            0,
            false,
            DatabaseSettings.DEFAULT_LEASE_TTL,
            Map.of("synchronous_commit", synchronousCommit ? "on" : "off")),
        new SyncSettings(
            Duration.ofMinutes(5),
            false,
            5,
            Duration.ofSeconds(1),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            1,
            Duration.ofSeconds(30),
            10_000,
            Duration.ofMinutes(5)),
        new ServiceConfig.HttpClientSettings(
            Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60)),
        0,
        ServiceConfig.LogFormat.TEXT,
        directory.resolve("plugins"),
        List.of());
  }

  private static final class Opened implements BenchService {

    private final ServiceComponent component;
    private final Map<ClientSystemApi, DownloadSource> sources =
        Collections.synchronizedMap(new IdentityHashMap<>());

    Opened(ServiceComponent component) {
      this.component = component;
    }

    @Override
    public void migrate() {
      SchemaMigrator.migrate(component.database().dataSource());
    }

    @Override
    public DataSource dataSource() {
      return component.database().dataSource();
    }

    @Override
    public String databaseDescription() {
      return component.database().description();
    }

    @Override
    public TenantDirectory tenantDirectory() {
      return component.tenantDirectory();
    }

    @Override
    public void invalidateTenant(TenantId tenant) {
      component.tenantCache().invalidate(tenant);
    }

    @Override
    public void invalidateTenants() {
      component.tenantCache().invalidateAll();
    }

    @Override
    public ClientSystemApi clientSystem(ClientSystemSettings settings) {
      ClientSystemApi api = component.clientSystems().create(settings);
      sources.put(api, ServiceTenants.source(settings));
      return api;
    }

    @Override
    public MeterReadingUploadManager upload(TenantId tenant, ClientSystemApi api, int maxRetries) {
      return ServiceTenants.upload(tenant, api, maxRetries, component, BatchListener.NONE);
    }

    @Override
    public SyncManager download(TenantId tenant, ClientSystemApi api) {
      DownloadSource source = sources.getOrDefault(api, new DownloadSource(api.kind(), "bench"));
      return ServiceTenants.download(tenant, api, source, component, BatchListener.NONE);
    }

    @Override
    public TenantLeases.Lease lease(TenantId tenant) {
      return component
          .tenantLeases()
          .tryTake(tenant)
          .orElseThrow(
              () -> new IllegalStateException("another holder has the lease of " + tenant));
    }

    @Override
    public StatementStatistics statements() {
      return component.statementCounter();
    }

    @Override
    public void timeStatements(TenantId tenant, ObjLongConsumer<String> observer) {
      component.statementCounter().time(tenant, observer);
    }

    @Override
    public void stopTimingStatements(TenantId tenant) {
      component.statementCounter().stopTiming(tenant);
    }

    @Override
    public void close() {
      try {
        component.pipelineThreads().close();
        component.clientSystemKinds().close();
      } finally {
        component.database().close();
      }
    }
  }
}
