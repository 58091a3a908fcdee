package org.metersync.bench;

import java.util.function.ObjLongConsumer;
import javax.sql.DataSource;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.port.StatementStatistics;
import org.metersync.application.port.TenantDirectory;
import org.metersync.application.port.TenantLeases;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/** The service, opened by a {@link BenchHost}: its database and its use cases as it runs them. */
public interface BenchService extends AutoCloseable {

  /** Brings the database's schema up to date, as the service does at start. */
  void migrate();

  /** The service's connection pool, for the benchmark's plain-JDBC setup, floors and baselines. */
  DataSource dataSource();

  /** Where the database is, for people: a URL, or the embedded server's data directory. */
  String databaseDescription();

  TenantDirectory tenantDirectory();

  /** Forgets what the tenant cache holds of the tenant (after its rows were deleted). */
  void invalidateTenant(TenantId tenant);

  /** Forgets every tenant the tenant cache holds. */
  void invalidateTenants();

  /** The tenant's client system, made by the kind the settings name. */
  ClientSystemApi clientSystem(ClientSystemSettings settings);

  /** The tenant's upload, wired as the service runs it. */
  MeterReadingUploadManager upload(TenantId tenant, ClientSystemApi api, int maxRetries);

  /** The tenant's download, wired as the service runs it. */
  SyncManager download(TenantId tenant, ClientSystemApi api);

  /**
   * Takes the tenant's lease as the sync loop does before a cycle; an upload holding it renews it
   * before every request and fences its marks by it.
   *
   * @throws IllegalStateException if another holder has it
   */
  TenantLeases.Lease lease(TenantId tenant);

  /** The service's count of the SQL statements it sent, per tenant. */
  StatementStatistics statements();

  /**
   * Tells {@code observer} the operation and duration in nanoseconds of each statement the service
   * runs for the tenant, until {@link #stopTimingStatements}.
   */
  void timeStatements(TenantId tenant, ObjLongConsumer<String> observer);

  void stopTimingStatements(TenantId tenant);

  /** Stops the service's threads and client systems and closes its database. */
  @Override
  void close();
}
