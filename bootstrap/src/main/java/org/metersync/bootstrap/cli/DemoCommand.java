package org.metersync.bootstrap.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.metersync.application.BatchListener;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.bootstrap.Config;
import org.metersync.bootstrap.Database;
import org.metersync.bootstrap.Service;
import org.metersync.bootstrap.ServiceComponent;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.ServiceTenants;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.Latency;
import org.metersync.sandbox.SandboxClientSystem;
import org.metersync.sandbox.Stats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code meter-sync demo}: the whole flow on this machine, with nothing configured. Starts an
 * embedded PostgreSQL in a fresh directory and a SANDBOX client system on loopback, creates two
 * tenants with different batch sizes and pending readings, syncs until every reading is up and the
 * sandbox's feed is down, and prints a summary.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Show the whole flow: embedded PostgreSQL, a SANDBOX client system on 127.0.0.1, two tenants",
      "with different batch sizes and pending readings, cycles with progress, then a summary.",
      "On a terminal: a live line per tenant; elsewhere a line per batch.",
      "Touches no configured database; its data lives in a temporary directory."
    })
final class DemoCommand implements Callable<Integer> {

  private static final List<DemoTenant> TENANTS =
      List.of(new DemoTenant("demo-north", 500, 50), new DemoTenant("demo-south", 2000, 250));

  @Spec CommandSpec spec;

  @Option(
      names = "--readings",
      defaultValue = "3000",
      description = "Pending local readings per tenant (default: ${DEFAULT-VALUE}).")
  int readings;

  @Option(
      names = "--download",
      defaultValue = "1500",
      description =
          "Readings the sandbox offers each tenant for download (default: ${DEFAULT-VALUE}).")
  int download;

  @Option(
      names = "--latency-ms",
      defaultValue = "0",
      description = "Sandbox latency per request in ms (default: ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(
      names = "--error-rate",
      defaultValue = "0",
      description = "Share of sandbox requests answered 503, 0..1 (default: ${DEFAULT-VALUE}).")
  double errorRate;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "300",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(names = "--keep", description = "Keep the demo's data directory.")
  boolean keep;

  @Option(
      names = "--verbose",
      description = "On a terminal, show the whole log, not only warnings and errors.")
  boolean verbose;

  private record DemoTenant(String id, int download, int upload) {}

  @Override
  public Integer call() throws Exception {
    if (readings < 0 || download < 0 || latencyMs < 0 || errorRate < 0 || errorRate >= 1) {
      throw new IllegalArgumentException(
          "--readings, --download and --latency-ms must not be negative; --error-rate must be in"
              + " [0, 1)");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("meter-sync-demo-");
    try (Progress display =
            Progress.open(
                out,
                verbose,
                (tenant, operation, batch, count) -> {
                  out.printf(
                      "%-10s %-8s batch %3d: %5d readings%n", tenant, operation, batch, count);
                  out.flush();
                });
        SandboxClientSystem sandbox = sandbox()) {
      out.printf("SANDBOX client system (not a real one) on %s%n", sandbox.baseUrl());
      ServiceConfig config = ServiceConfig.from(new Config(config(dir, sandbox), Map.of(), "demo"));
      Map<String, AtomicInteger> batches = new ConcurrentHashMap<>();
      BatchListener progress =
          (tenant, operation, batch, count) -> {
            batches
                .computeIfAbsent(tenant + " " + operation, k -> new AtomicInteger())
                .incrementAndGet();
            display.batchDone(tenant, operation, batch, count);
          };
      Database database = Database.openWithClientSystems(config);
      out.printf("embedded PostgreSQL with its data in %s%n", dir.resolve("postgres"));
      registerTenantsWithReadings(config, database);
      TENANTS.forEach(
          t -> display.tenant(TenantId.of(t.id()), readings, OptionalLong.of(download)));
      boolean done;
      List<TenantOverview> overview;
      try (Service service = Service.start(config, database, Optional.empty(), progress, true)) {
        display.start();
        done = awaitDone(service, sandbox);
        overview = service.component().tenantOverviews().all();
        display.finish();
        summary(out, overview, sandbox, batches, service.component());
      }
      out.println(
          done
              ? "all pending readings are now synchronized, and every offered reading was downloaded"
              : "not finished within " + timeoutSeconds + " s: see the log above");
      out.flush();
      return done ? Main.OK : Main.FAILURE;
    } finally {
      if (keep) {
        out.printf("demo data kept in %s%n", dir);
      } else {
        delete(dir);
      }
      out.flush();
    }
  }

  private SandboxClientSystem sandbox() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder();
    TENANTS.forEach(t -> builder.tenant(t.id(), "token-" + t.id()));
    SandboxClientSystem sandbox = builder.start();
    for (DemoTenant t : TENANTS) {
      sandbox.generateDownloadable(t.id(), download);
      if (latencyMs > 0) {
        sandbox.switches(t.id()).latency(Latency.fixed(Duration.ofMillis(latencyMs)));
      }
      if (errorRate > 0) {
        sandbox
            .switches(t.id())
            .errorRate(errorRate, Fault.serviceUnavailable(), Endpoint.UPLOAD, Endpoint.DOWNLOAD);
      }
    }
    return sandbox;
  }

  private static Properties config(Path dir, SandboxClientSystem sandbox) throws IOException {
    Properties p = new Properties();
    p.setProperty("database.embedded.dataDirectory", dir.resolve("postgres").toString());
    p.setProperty("server.port", "0");
    p.setProperty("syncIntervalMinutes", "0.05");
    p.setProperty("backoff.initialMs", "200");
    p.setProperty("backoff.maxMs", "2000");
    p.setProperty("connectivityCheckIntervalMs", "1000");
    p.setProperty("shutdownGraceMs", "10000");
    Path secrets = Files.createDirectories(dir.resolve("secrets"));
    for (DemoTenant t : TENANTS) {
      Path token = Files.writeString(secrets.resolve(t.id()), "token-" + t.id() + "\n");
      String prefix = "tenants." + t.id() + ".";
      p.setProperty(prefix + "url", sandbox.baseUrl(t.id()));
      p.setProperty(prefix + "credential", "file:" + token);
      p.setProperty(prefix + "downloadBatchSize", Integer.toString(t.download()));
      p.setProperty(prefix + "uploadBatchSize", Integer.toString(t.upload()));
    }
    return p;
  }

  private void registerTenantsWithReadings(ServiceConfig config, Database database) {
    ServiceComponent component = database.component();
    ServiceTenants.register(config, component);
    List<MeterReading> pending = localReadings(readings);
    for (ServiceConfig.TenantSettings t : config.tenants()) {
      component.recordLocalReadings().record(t.id(), pending);
    }
  }

  /** Readings as the field would have left them, oldest first: one every 15 minutes. */
  static List<MeterReading> localReadings(int count) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    BigDecimal step = new BigDecimal("0.37");
    return IntStream.rangeClosed(1, count)
        .mapToObj(
            g ->
                new MeterReading(
                    ReadingId.of("local-" + g),
                    "meter-" + (g % 25),
                    start.plus(Duration.ofMinutes(15L * g)),
                    step.multiply(BigDecimal.valueOf(g)).setScale(3),
                    "kWh"))
        .toList();
  }

  private boolean awaitDone(Service service, SandboxClientSystem sandbox)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    while (System.nanoTime() < deadline) {
      List<TenantOverview> overview = service.component().tenantOverviews().all();
      boolean uploaded = overview.stream().allMatch(t -> t.pending() == 0 && t.failed() == 0);
      boolean downloaded =
          TENANTS.stream().allMatch(t -> sandbox.stats(t.id()).readingsServed() >= download);
      boolean stored =
          overview.stream().allMatch(t -> t.synchronizedCount() >= (long) readings + download);
      if (uploaded && downloaded && stored) {
        return true;
      }
      Thread.sleep(200);
    }
    return false;
  }

  private static void summary(
      PrintWriter out,
      List<TenantOverview> overview,
      SandboxClientSystem sandbox,
      Map<String, AtomicInteger> batches,
      ServiceComponent component) {
    out.println();
    String format = "%-10s %9s %7s %9s %11s %8s %10s %9s %8s %11s%n";
    out.printf(
        format,
        "TENANT",
        "DOWNLOAD",
        "UPLOAD",
        "UPLOADED",
        "DOWNLOADED",
        "BATCHES",
        "SQL STMTS",
        "PENDING",
        "FAILED",
        "DUPLICATES");
    for (TenantOverview t : overview) {
      Stats stats = sandbox.stats(t.id().value());
      int tenantBatches = count(batches, t.id() + " upload") + count(batches, t.id() + " download");
      out.printf(
          format,
          t.id(),
          t.batchSizes().sizes().download(),
          t.batchSizes().sizes().upload(),
          stats.accepted(),
          stats.readingsServed(),
          tenantBatches,
          component.statementCounts().of(t.id()),
          t.pending(),
          t.failed(),
          stats.duplicates());
    }
    out.println();
  }

  private static int count(Map<String, AtomicInteger> batches, String key) {
    AtomicInteger n = batches.get(key);
    return n == null ? 0 : n.get();
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the demo directory " + dir, e);
    }
  }
}
