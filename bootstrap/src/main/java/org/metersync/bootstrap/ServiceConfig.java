package org.metersync.bootstrap;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.metersync.bootstrap.loop.SyncSettings;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemContext;

/** The service's settings, checked. README.md lists every key with its default. */
public record ServiceConfig(
    DatabaseSettings database,
    SyncSettings sync,
    HttpClientSettings http,
    int serverPort,
    LogFormat logFormat,
    Path pluginsDirectory,
    List<TenantSettings> tenants) {

  /** Keys that were settings once, with what to use instead. */
  private static final Map<String, String> REMOVED =
      Map.of(
          "http.maxRequestBytes",
          "it was never applied; the largest request body is set per tenant with"
              + " tenants.<id>.option.maxRequestBytes (default 1048576, 1 MiB)");

  private static final Pattern TLS_WORDS =
      Pattern.compile("(?i)tls|ssl|verif|trust|insecure|certificate|hostname");

  public ServiceConfig {
    requireNonNull(database, "database");
    requireNonNull(sync, "sync");
    requireNonNull(http, "http");
    requireNonNull(logFormat, "logFormat");
    requireNonNull(pluginsDirectory, "pluginsDirectory");
    tenants = List.copyOf(tenants);
  }

  /**
   * Connections allowed per worker: a running cycle holds up to three at once (a read or lease
   * statement, and two marks in flight); the fourth is headroom kept from when its tenant lock held
   * a connection of its own, so existing pool sizes keep their meaning.
   */
  static final int CONNECTIONS_PER_WORKER = 4;

  /**
   * A warning when the pool is smaller than all workers can use at once (plus the change listener
   * and a spare): cycles then wait for connections, which looks like a slow database.
   */
  public Optional<String> poolSizeWarning() {
    int wanted = sync.workers() * CONNECTIONS_PER_WORKER + 2;
    if (database.poolSize() >= wanted) {
      return Optional.empty();
    }
    return Optional.of(
        "database.poolSize="
            + database.poolSize()
            + " is below workers x "
            + CONNECTIONS_PER_WORKER
            + " + 2 = "
            + wanted
            + " (workers="
            + sync.workers()
            + "): cycles will wait for connections; raise database.poolSize or lower workers");
  }

  /** How log lines look. */
  public enum LogFormat {
    TEXT,
    JSON
  }

  /**
   * The shared HTTP client's settings.
   *
   * @param maxResponseBytes the largest answer read from a client system, unless a tenant's {@code
   *     maxResponseBytes} option says otherwise
   */
  public record HttpClientSettings(
      Duration connectTimeout, Duration readTimeout, Duration callTimeout, long maxResponseBytes) {

    /** With the default largest answer. */
    public HttpClientSettings(Duration connectTimeout, Duration readTimeout, Duration callTimeout) {
      this(
          connectTimeout, readTimeout, callTimeout, ClientSystemContext.DEFAULT_MAX_RESPONSE_BYTES);
    }
  }

  /**
   * A tenant as configured: which client system it uses and how to authenticate there.
   *
   * @param credential a reference such as {@code env:NAME} or {@code file:/path}, never the secret
   * @param options kind-specific settings ({@code tenants.<id>.option.<name>})
   */
  public record TenantSettings(
      TenantId id,
      String name,
      String kind,
      String url,
      Optional<String> credential,
      Optional<Integer> downloadBatchSize,
      Optional<Integer> uploadBatchSize,
      Map<String, String> options) {
    public TenantSettings {
      requireNonNull(id, "id");
      options = Map.copyOf(options);
    }
  }

  /** Reads and checks every setting; throws {@link ConfigurationException} naming the key. */
  public static ServiceConfig from(Config config) {
    HttpClientSettings http =
        new HttpClientSettings(
            config.millis("http.connectTimeoutMs", 5_000, 1, 600_000),
            config.millis("http.readTimeoutMs", 30_000, 1, 600_000),
            config.millis("http.callTimeoutMs", 60_000, 1, 3_600_000),
            config.integer(
                "http.maxResponseBytes",
                (int) ClientSystemContext.DEFAULT_MAX_RESPONSE_BYTES,
                1024,
                Integer.MAX_VALUE));
    DatabaseSettings database =
        new DatabaseSettings(
            config.string("database.url"),
            config.string("database.user", "postgres"),
            config.string("database.password").orElse(null),
            config.integer("database.poolSize", 18, 1, 1000),
            config.millis("database.connectTimeoutMs", 10_000, 250, 600_000),
            Path.of(config.string("database.embedded.dataDirectory", "data/postgres")),
            config.integer("database.embedded.port", 0, 0, 65535),
            config.bool("database.transactionPooling", false),
            leaseTtl(config, http.callTimeout()),
            Map.of());
    SyncSettings sync =
        new SyncSettings(
            config.minutes("syncIntervalMinutes", 5, Duration.ofSeconds(1), Duration.ofDays(7)),
            config.bool("enableAutoSync", true),
            config.integer("maxRetries", 5, 1, 1000),
            config.millis("backoff.initialMs", 1_000, 10, 3_600_000),
            config.millis("backoff.maxMs", 300_000, 10, 86_400_000),
            config.millis("connectivityCheckIntervalMs", 30_000, 100, 86_400_000),
            config.integer("workers", 4, 1, 256),
            config.millis("shutdownGraceMs", 30_000, 0, 600_000),
            config.integer("tenantCache.maxSize", 10_000, 1, 10_000_000),
            config.millis("tenantCache.expiryMs", 300_000, 1_000, 86_400_000));
    if (sync.backoffMax().compareTo(sync.backoffInitial()) < 0) {
      throw new ConfigurationException(
          "invalid configuration backoff.maxMs: must not be less than backoff.initialMs");
    }
    int serverPort = config.integer("server.port", 8080, 0, 65535);
    String format = config.string("log.format", "text");
    LogFormat logFormat;
    try {
      logFormat = LogFormat.valueOf(format.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw config.invalid("log.format", format, "text or json");
    }
    Path plugins = Path.of(config.string("plugins.directory", "plugins"));
    List<TenantSettings> tenants = tenants(config);
    refuseUnknown(config);
    return new ServiceConfig(database, sync, http, serverPort, logFormat, plugins, tenants);
  }

  /** What a lease must outlast besides one client-system call: the database writes around it. */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

  /**
   * {@code lease.ttlMs}, by default {@code http.callTimeoutMs} plus {@link #LEASE_MARGIN}; a lease
   * that could expire during one client-system call would let another instance start while that
   * call still runs, so a shorter one is refused.
   */
  private static Duration leaseTtl(Config config, Duration callTimeout) {
    Duration ttl =
        config.millis("lease.ttlMs", callTimeout.plus(LEASE_MARGIN).toMillis(), 1_000, 86_400_000);
    if (ttl.compareTo(callTimeout) <= 0) {
      throw new ConfigurationException(
          "invalid configuration lease.ttlMs="
              + ttl.toMillis()
              + ": must be longer than http.callTimeoutMs="
              + callTimeout.toMillis()
              + ", or a lease could expire while a client-system call still runs");
    }
    return ttl;
  }

  /**
   * A key no setting reads is refused rather than ignored: a misspelt key would otherwise leave its
   * default in force unnoticed, and a key that looks like it switches TLS verification off must not
   * seem to work. The same for {@code METERSYNC_HTTP_*} variables that override no key.
   */
  private static void refuseUnknown(Config config) {
    List<String> unknown = new ArrayList<>(config.unaskedKeys());
    unknown.addAll(config.unaskedVariables(Config.environmentName("http.")));
    if (unknown.isEmpty()) {
      return;
    }
    refuseRemoved(config, unknown);
    String tls =
        unknown.stream().anyMatch(key -> TLS_WORDS.matcher(key).find())
            ? "; TLS certificates and host names are always verified, no setting turns that off"
            : "";
    throw new ConfigurationException(
        "unknown configuration "
            + String.join(", ", unknown)
            + " (from "
            + config.origin()
            + " or the environment): not a meter-sync setting, see README, Configuration"
            + tls);
  }

  /** A removed key gets its own message: it was valid once, so its user needs to know what now. */
  private static void refuseRemoved(Config config, List<String> unknown) {
    REMOVED.forEach(
        (key, instead) -> {
          String variable = Config.environmentName(key);
          String where =
              unknown.contains(key)
                  ? key + " (from " + config.origin() + ")"
                  : unknown.contains(variable)
                      ? key + " (environment variable " + variable + ")"
                      : null;
          if (where != null) {
            throw new ConfigurationException("configuration " + where + " was removed: " + instead);
          }
        });
  }

  private static List<TenantSettings> tenants(Config config) {
    List<TenantSettings> tenants = new ArrayList<>();
    for (String id : config.children("tenants")) {
      String prefix = "tenants." + id + ".";
      TenantId tenantId;
      try {
        tenantId = TenantId.of(id);
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            "invalid configuration tenants." + id + ": " + e.getMessage());
      }
      String url =
          config
              .string(prefix + "url")
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          "missing configuration " + prefix + "url: the client system's base URL"));
      Map<String, String> options = new LinkedHashMap<>();
      for (String key : config.keysUnder(prefix + "option")) {
        config.string(prefix + "option." + key).ifPresent(v -> options.put(key, v));
      }
      tenants.add(
          new TenantSettings(
              tenantId,
              config.string(prefix + "name", id),
              config.string(prefix + "kind", "reference-rest"),
              url,
              config.string(prefix + "credential"),
              optionalSize(config, prefix + "downloadBatchSize"),
              optionalSize(config, prefix + "uploadBatchSize"),
              options));
    }
    return tenants;
  }

  private static Optional<Integer> optionalSize(Config config, String key) {
    return config.string(key).isEmpty()
        ? Optional.empty()
        : Optional.of(config.integer(key, 0, BatchSizes.MIN, BatchSizes.MAX));
  }
}
