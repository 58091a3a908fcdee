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
import org.metersync.bootstrap.loop.TenantEntry;
import org.metersync.bootstrap.loop.TenantRoster;
import org.metersync.bootstrap.loop.TenantSync;
import org.metersync.bootstrap.plugins.ClientSystemRegistry;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns configuration and the tenant table into what the loop runs: configured tenants are
 * registered in the database, then every enabled tenant there gets its client system and its cycle.
 * At start, a tenant whose client system cannot be made (unknown kind, missing credential, no URL)
 * stops start-up with a message naming it; later the loop reads the tenants again through {@link
 * #roster} and carries on without such a tenant. Configuration wins for the tenants it names; the
 * tenant row gives the kind, URL and credential reference of the others.
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
    TenantRoster roster = roster(config, component, listener, only);
    List<TenantEntry> entries = roster.current();
    if (only.isPresent() && entries.isEmpty()) {
      throw new ConfigurationException("unknown tenant '" + only.get() + "'");
    }
    if (only.isPresent() && !entries.get(0).enabled()) {
      throw new ConfigurationException(
          "tenant " + only.get() + " is disabled: 'tenant enable " + only.get() + "' enables it");
    }
    List<TenantSync> syncs = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (TenantEntry entry : entries) {
      if (!entry.enabled()) {
        log.info("tenant={} is disabled: not synced until enabled", entry.id());
        continue;
      }
      try {
        syncs.add(roster.make(entry));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("; ", problems));
    }
    log.info("{} tenant(s): {}", syncs.size(), syncs.stream().map(TenantSync::id).toList());
    return syncs;
  }

  /**
   * The tenants as configuration and the tenant table give them each time it is asked (all, or
   * {@code only} one), and how their client systems and cycles are made.
   */
  public static TenantRoster roster(
      ServiceConfig config,
      ServiceComponent component,
      BatchListener listener,
      Optional<TenantId> only) {
    Map<TenantId, ServiceConfig.TenantSettings> configured =
        config.tenants().stream()
            .collect(Collectors.toMap(ServiceConfig.TenantSettings::id, Function.identity()));
    ClientSystemRegistry registry = component.clientSystems();
    return new TenantRoster() {
      @Override
      public List<TenantEntry> current() {
        return component.tenantDirectory().listTenants().stream()
            .filter(tenant -> only.isEmpty() || only.get().equals(tenant.id()))
            .map(
                tenant ->
                    new TenantEntry(
                        settings(tenant, configured.get(tenant.id())), tenant.enabled()))
            .toList();
      }

      @Override
      public TenantSync make(TenantEntry entry) {
        ClientSystemSettings settings = entry.settings();
        if (settings.endpoint().isBlank()) {
          throw new IllegalArgumentException(
              "tenant "
                  + entry.id()
                  + " has no client system URL: set tenants."
                  + entry.id()
                  + ".url in the configuration");
        }
        ClientSystemApi api = registry.create(settings);
        return sync(settings, api, config, component, listener);
      }
    };
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
      // Only a reference is stored; anything else is refused, naming the tenant, when the
      // client system is made.
      Optional<String> credential = t.credential().filter(TenantRegistration::isReference);
      component
          .tenantDirectory()
          .register(
              new TenantRegistration(t.id(), t.name(), t.kind(), t.url(), initial, credential));
    }
  }

  /** What a tenant's client system is made from; a blank endpoint where none is known. */
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
    return new ClientSystemSettings(
        tenant.id(),
        tenant.clientSystemKind(),
        tenant.clientSystemUrl() == null ? "" : tenant.clientSystemUrl(),
        tenant.credential(),
        Map.of());
  }

  /** The client system a download from these settings reads: what its cursors belong to. */
  public static DownloadSource source(ClientSystemSettings settings) {
    return new DownloadSource(settings.kind(), settings.endpoint());
  }

  private static TenantSync sync(
      ClientSystemSettings settings,
      ClientSystemApi api,
      ServiceConfig config,
      ServiceComponent component,
      BatchListener listener) {
    TenantSyncCycle cycle =
        component
            .tenantSyncs()
            .cycle(
                settings.tenantId(), api, source(settings), config.sync().maxRetries(), listener);
    return new TenantSync(settings, api, cycle);
  }

  /** The tenant's download, wired as the service runs it (pages fetched ahead). */
  public static SyncManager download(
      TenantId id,
      ClientSystemApi api,
      DownloadSource source,
      ServiceComponent component,
      BatchListener listener) {
    return component.tenantSyncs().download(id, api, source, listener);
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
