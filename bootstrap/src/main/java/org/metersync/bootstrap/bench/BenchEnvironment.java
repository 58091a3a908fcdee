package org.metersync.bootstrap.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.metersync.adapters.postgres.SchemaMigrator;
import org.metersync.application.port.TenantRegistration;
import org.metersync.bootstrap.DaggerServiceComponent;
import org.metersync.bootstrap.DatabaseSettings;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/**
 * What the benchmark runs on: the service's own composition root (real jOOQ database, tenant cache,
 * reference-rest adapter and shared HTTP client) on an embedded PostgreSQL in a fresh directory or
 * on the configured database, and a loopback client system. Every tenant it makes is called {@value
 * #TENANT_PREFIX}… and is deleted with its rows.
 */
final class BenchEnvironment implements AutoCloseable {

  static final String TENANT_PREFIX = "bench-";
  private static final String TOKEN = "bench-token";

  /** Deletes a tenant's rows, children first; {@code ?} is the tenant id or a LIKE pattern. */
  private static final List<String> DELETE_TENANT_ROWS =
      List.of(
          "DELETE FROM meter_reading WHERE tenant_id LIKE ?",
          "DELETE FROM download_cursor WHERE tenant_id LIKE ?",
          "DELETE FROM reading_quarantine WHERE tenant_id LIKE ?",
          "DELETE FROM tenant_sync_state WHERE tenant_id LIKE ?",
          "DELETE FROM tenant WHERE tenant_id LIKE ?");

  private final Path workDirectory;
  private final boolean embedded;
  private final boolean keep;
  private final ServiceComponent component;
  private final LoopbackClientSystem clientSystem;
  private final String credential;

  private BenchEnvironment(
      Path workDirectory,
      boolean embedded,
      boolean keep,
      ServiceComponent component,
      LoopbackClientSystem clientSystem,
      String credential) {
    this.workDirectory = workDirectory;
    this.embedded = embedded;
    this.keep = keep;
    this.component = component;
    this.clientSystem = clientSystem;
    this.credential = credential;
  }

  /**
   * Opens the configured database, or (without {@code configured}) an embedded one in a fresh
   * temporary directory, migrates it and removes what an earlier run may have left.
   */
  static BenchEnvironment open(Optional<ServiceConfig> configured, boolean keep) {
    Path work;
    try {
      work = Files.createTempDirectory("meter-sync-bench-");
      Path token = Files.writeString(work.resolve("token"), TOKEN + "\n");
      ServiceConfig config = configured.orElseGet(() -> embeddedConfig(work));
      ServiceComponent component = DaggerServiceComponent.factory().create(config);
      LoopbackClientSystem clientSystem = null;
      try {
        SchemaMigrator.migrate(component.database().dataSource());
        clientSystem = LoopbackClientSystem.start(TOKEN);
        BenchEnvironment environment =
            new BenchEnvironment(
                work, configured.isEmpty(), keep, component, clientSystem, "file:" + token);
        environment.deleteBenchTenants();
        return environment;
      } catch (RuntimeException e) {
        if (clientSystem != null) {
          clientSystem.close();
        }
        component.database().close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare the benchmark: " + e.getMessage(), e);
    }
  }

  private static ServiceConfig embeddedConfig(Path work) {
    return new ServiceConfig(
        new DatabaseSettings(
            Optional.empty(),
            "postgres",
            null,
            10,
            Duration.ofSeconds(10),
            work.resolve("postgres"),
            0),
        new ServiceConfig.SyncSettings(
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
        work.resolve("plugins"),
        List.of());
  }

  ServiceComponent component() {
    return component;
  }

  DataSource dataSource() {
    return component.database().dataSource();
  }

  LoopbackClientSystem clientSystem() {
    return clientSystem;
  }

  /** Where the database is, for the report. */
  String databaseDescription() {
    return component.database().description();
  }

  boolean embedded() {
    return embedded;
  }

  /** Creates the tenant with these batch sizes, its client system being the loopback one. */
  void register(TenantId tenant, BatchSizes sizes) {
    requireBenchTenant(tenant);
    component
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
    return component
        .clientSystems()
        .create(
            new ClientSystemSettings(
                tenant,
                "reference-rest",
                clientSystem.baseUrl(tenant.value()),
                Optional.of(credential),
                Map.of()));
  }

  /** {@code count} pending local readings for the tenant. */
  void insertPending(TenantId tenant, int count) {
    try (Connection c = dataSource().getConnection();
        PreparedStatement insert = c.prepareStatement(BenchReadings.INSERT_PENDING)) {
      insert.setString(1, tenant.value());
      insert.setInt(2, count);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("could not create pending readings: " + e.getMessage(), e);
    }
  }

  /**
   * Brings the database to the same state before every measured scenario: fresh planner statistics
   * and, in the embedded database, the setup's rows vacuumed and a checkpoint taken, so that
   * neither autovacuum nor a checkpoint caused by an earlier scenario runs during the next one's
   * timing. A configured database is only analyzed (vacuum and checkpoint need rights a user may
   * not have).
   */
  void settle() {
    try (Connection c = dataSource().getConnection();
        Statement st = c.createStatement()) {
      if (embedded) {
        st.execute("VACUUM ANALYZE meter_reading");
        st.execute("CHECKPOINT");
      } else {
        st.execute("ANALYZE meter_reading");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not settle the database: " + e.getMessage(), e);
    }
  }

  /** Readings of the tenant by status: {@code pending/synchronized/failed}. */
  String statusCounts(TenantId tenant) {
    String sql =
        "SELECT count(*) FILTER (WHERE sync_status = 'pending'),"
            + " count(*) FILTER (WHERE sync_status = 'synchronized'),"
            + " count(*) FILTER (WHERE sync_status = 'failed')"
            + " FROM meter_reading WHERE tenant_id = ?";
    try (Connection c = dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, tenant.value());
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not count readings: " + e.getMessage(), e);
    }
  }

  /** Deletes the tenant and everything it has; {@link #settle} vacuums before the next run. */
  void delete(TenantId tenant) {
    requireBenchTenant(tenant);
    // Bench tenant ids are letters, digits and '-', so the id matches itself as a LIKE pattern.
    deleteWhere(tenant.value());
    component.tenantCache().invalidate(tenant);
    clientSystem.forget(tenant.value());
  }

  private void deleteBenchTenants() {
    deleteWhere(TENANT_PREFIX + "%");
    component.tenantCache().invalidateAll();
  }

  private void deleteWhere(String tenantPattern) {
    try (Connection c = dataSource().getConnection()) {
      for (String delete : DELETE_TENANT_ROWS) {
        try (PreparedStatement st = c.prepareStatement(delete)) {
          st.setString(1, tenantPattern);
          st.executeUpdate();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not delete benchmark rows: " + e.getMessage(), e);
    }
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
      component.pipelineThreads().close();
      clientSystem.close();
      component.clientSystemKinds().close();
      component.database().close();
      if (!keep) {
        deleteDirectory(workDirectory);
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
