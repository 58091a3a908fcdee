package org.metersync.bootstrap;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.metersync.application.BatchListener;
import org.metersync.application.MeterReadingUploadManager;
import org.metersync.application.SyncManager;
import org.metersync.application.TenantSyncCycle;
import org.metersync.application.port.Tenant;
import org.metersync.application.port.TenantRegistration;
import org.metersync.bootstrap.loop.TenantSync;
import org.metersync.bootstrap.plugins.ClientSystemRegistry;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns configuration and the tenant table into what the loop runs: configured tenants are
 * registered in the database, then every tenant there gets its client system and its cycle. A
 * tenant whose client system cannot be made (unknown kind, missing credential, no URL) stops
 * start-up with a message naming it.
 */
public final class ServiceTenants {

  private static final Logger log = LoggerFactory.getLogger(ServiceTenants.class);

  private ServiceTenants() {}

  public static List<TenantSync> assemble(
      ServiceConfig config,
      ServiceComponent component,
      BatchListener listener,
      Optional<TenantId> only) {
    register(config, component);
    Map<TenantId, ServiceConfig.TenantSettings> configured =
        config.tenants().stream()
            .collect(Collectors.toMap(ServiceConfig.TenantSettings::id, Function.identity()));
    ClientSystemRegistry registry = component.clientSystems();
    List<TenantSync> syncs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (Tenant tenant : component.tenantDirectory().listTenants()) {
      if (only.isPresent() && !only.get().equals(tenant.id())) {
        continue;
      }
      try {
        ClientSystemApi api = registry.create(settings(tenant, configured.get(tenant.id())));
        syncs.add(sync(tenant.id(), api, config, component, listener));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("; ", problems));
    }
    if (only.isPresent() && syncs.isEmpty()) {
      throw new ConfigurationException("unknown tenant '" + only.get() + "'");
    }
    log.info("{} tenant(s): {}", syncs.size(), syncs.stream().map(TenantSync::id).toList());
    return syncs;
  }

  /** Creates or updates the configured tenants in the tenant table. */
  public static void register(ServiceConfig config, ServiceComponent component) {
    for (ServiceConfig.TenantSettings t : config.tenants()) {
      Optional<BatchSizes> initial =
          t.downloadBatchSize().isPresent() || t.uploadBatchSize().isPresent()
              ? Optional.of(
                  new BatchSizes(
                      t.downloadBatchSize().orElse(BatchSizes.DEFAULT_DOWNLOAD),
                      t.uploadBatchSize().orElse(BatchSizes.DEFAULT_UPLOAD)))
              : Optional.empty();
      component
          .tenantDirectory()
          .register(new TenantRegistration(t.id(), t.name(), t.kind(), t.url(), initial));
    }
  }

  private static ClientSystemSettings settings(
      Tenant tenant, ServiceConfig.TenantSettings configured) {
    if (configured != null) {
      return new ClientSystemSettings(
          tenant.id(),
          configured.kind(),
          configured.url(),
          configured.credential(),
          configured.options());
    }
    if (tenant.clientSystemUrl() == null || tenant.clientSystemUrl().isBlank()) {
      throw new IllegalArgumentException(
          "tenant "
              + tenant.id()
              + " has no client system URL: set tenants."
              + tenant.id()
              + ".url in the configuration");
    }
    return new ClientSystemSettings(
        tenant.id(),
        tenant.clientSystemKind(),
        tenant.clientSystemUrl(),
        Optional.empty(),
        Map.of());
  }

  private static TenantSync sync(
      TenantId id,
      ClientSystemApi api,
      ServiceConfig config,
      ServiceComponent component,
      BatchListener listener) {
    TenantSyncCycle cycle =
        component.tenantSyncs().cycle(id, api, config.sync().maxRetries(), listener);
    return new TenantSync(id, api, cycle);
  }

  /** The tenant's download, wired as the service runs it (pages fetched ahead). */
  public static SyncManager download(
      TenantId id, ClientSystemApi api, ServiceComponent component, BatchListener listener) {
    return component.tenantSyncs().download(id, api, listener);
  }

  /** The tenant's upload, wired as the service runs it (marks overlapping the next batch). */
  public static MeterReadingUploadManager upload(
      TenantId id,
      ClientSystemApi api,
      int maxRetries,
      ServiceComponent component,
      BatchListener listener) {
    return component.tenantSyncs().upload(id, api, maxRetries, listener);
  }
}
