package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.metersync.domain.TenantId;

class ServiceConfigTest {

  @Test
  void from_emptyFileAndEnvironment_allDefaults() {
    ServiceConfig config = parse(Map.of(), Map.of());

    assertEquals(Optional.empty(), config.database().url());
    assertEquals(18, config.database().poolSize());
    assertEquals(Duration.ofMinutes(5), config.sync().syncInterval());
    assertTrue(config.sync().enableAutoSync());
    assertEquals(5, config.sync().maxRetries());
    assertEquals(Duration.ofSeconds(30), config.sync().connectivityCheckInterval());
    assertEquals(8080, config.serverPort());
    assertEquals(ServiceConfig.LogFormat.TEXT, config.logFormat());
    assertEquals(0, config.tenants().size());
  }

  @Test
  void poolSizeWarning_belowWorkersTimesFourPlusTwo_namesBothSettings() {
    assertEquals(Optional.empty(), parse(Map.of(), Map.of()).poolSizeWarning());
    assertEquals(
        Optional.empty(),
        parse(Map.of("workers", "2", "database.poolSize", "10"), Map.of()).poolSizeWarning());

    assertEquals(
        Optional.of(
            "database.poolSize=9 is below workers x 4 + 2 = 10 (workers=2): cycles will wait for"
                + " connections; raise database.poolSize or lower workers"),
        parse(Map.of("workers", "2", "database.poolSize", "9"), Map.of()).poolSizeWarning());
  }

  @Test
  void from_environmentVariable_overridesFile() {
    ServiceConfig config =
        parse(
            Map.of("database.poolSize", "3", "syncIntervalMinutes", "0.5"),
            Map.of("METERSYNC_DATABASE_POOL_SIZE", "7"));

    assertEquals(7, config.database().poolSize());
    assertEquals(Duration.ofSeconds(30), config.sync().syncInterval());
  }

  @Test
  void from_tenants_parsedWithOptionsAndCredentialReference() {
    ServiceConfig config =
        parse(
            Map.of(
                "tenants.acme.url", "https://acme.example/api/",
                "tenants.acme.credential", "env:ACME_TOKEN",
                "tenants.acme.uploadBatchSize", "250",
                "tenants.frost.kind", "sensorthings",
                "tenants.frost.url", "https://frost.example/v1.1/",
                "tenants.frost.option.meterLookup", "name"),
            Map.of());

    ServiceConfig.TenantSettings acme = config.tenants().get(0);
    ServiceConfig.TenantSettings frost = config.tenants().get(1);
    assertEquals(TenantId.of("acme"), acme.id());
    assertEquals("reference-rest", acme.kind());
    assertEquals(Optional.of("env:ACME_TOKEN"), acme.credential());
    assertEquals(Optional.of(250), acme.uploadBatchSize());
    assertEquals(Optional.empty(), acme.downloadBatchSize());
    assertEquals("sensorthings", frost.kind());
    assertEquals(Map.of("meterLookup", "name"), frost.options());
  }

  @Test
  void from_invalidValues_errorNamesKeyValueAndSource() {
    assertError(Map.of("workers", "0"), Map.of(), "invalid configuration workers = '0'");
    assertError(
        Map.of("maxRetries", "many"), Map.of(), "invalid configuration maxRetries = 'many'");
    assertError(Map.of("enableAutoSync", "maybe"), Map.of(), "expected true or false");
    assertError(Map.of("log.format", "xml"), Map.of(), "expected text or json");
    assertError(Map.of("syncIntervalMinutes", "0"), Map.of(), "syncIntervalMinutes = '0'");
    assertError(
        Map.of(),
        Map.of("METERSYNC_SERVER_PORT", "70000"),
        "(from environment variable METERSYNC_SERVER_PORT)");
    assertError(
        Map.of("backoff.initialMs", "5000", "backoff.maxMs", "100"), Map.of(), "backoff.maxMs");
    assertError(
        Map.of("tenants.acme.kind", "sensorthings"),
        Map.of(),
        "missing configuration tenants.acme.url");
    assertError(
        Map.of("tenants.bad id.url", "http://x/"),
        Map.of(),
        "invalid configuration tenants.bad id");
    assertError(
        Map.of("tenants.acme.url", "http://x/", "tenants.acme.downloadBatchSize", "10001"),
        Map.of(),
        "tenants.acme.downloadBatchSize = '10001'");
  }

  @Test
  void from_removedMaxRequestBytes_refusedNamingThePerTenantOption() {
    String instead =
        "was removed: it was never applied; the largest request body is set per tenant with"
            + " tenants.<id>.option.maxRequestBytes (default 1048576, 1 MiB)";

    assertError(
        Map.of("http.maxRequestBytes", "4194304"),
        Map.of(),
        "configuration http.maxRequestBytes (from test.properties) " + instead);
    assertError(
        Map.of(),
        Map.of("METERSYNC_HTTP_MAX_REQUEST_BYTES", "4194304"),
        "configuration http.maxRequestBytes (environment variable"
            + " METERSYNC_HTTP_MAX_REQUEST_BYTES) "
            + instead);
  }

  @Test
  void from_leaseTtl_callTimeoutPlusMarginUnlessSet() {
    assertEquals(Duration.ofSeconds(90), parse(Map.of(), Map.of()).database().leaseTtl());
    assertEquals(
        Duration.ofSeconds(40),
        parse(Map.of("http.callTimeoutMs", "10000"), Map.of()).database().leaseTtl());
    assertEquals(
        Duration.ofSeconds(12),
        parse(Map.of("http.callTimeoutMs", "10000", "lease.ttlMs", "12000"), Map.of())
            .database()
            .leaseTtl());
  }

  @Test
  void from_leaseTtlNotLongerThanACall_refusedNamingBothSettings() {
    assertError(
        Map.of("http.callTimeoutMs", "10000", "lease.ttlMs", "10000"),
        Map.of(),
        "invalid configuration lease.ttlMs=10000: must be longer than http.callTimeoutMs=10000");
  }

  @Test
  void from_transactionPooling_offUnlessSet() {
    assertTrue(!parse(Map.of(), Map.of()).database().transactionPooling());
    assertTrue(
        parse(Map.of(), Map.of("METERSYNC_DATABASE_TRANSACTION_POOLING", "true"))
            .database()
            .transactionPooling());
    assertError(
        Map.of("database.transactionPooling", "maybe"),
        Map.of(),
        "invalid configuration database.transactionPooling = 'maybe'");
  }

  @Test
  void environmentName_camelCaseAndDots_upperSnake() {
    assertEquals("METERSYNC_DATABASE_URL", Config.environmentName("database.url"));
    assertEquals(
        "METERSYNC_CONNECTIVITY_CHECK_INTERVAL_MS",
        Config.environmentName("connectivityCheckIntervalMs"));
  }

  @Test
  void httpMaxResponseBytes_defaultSixteenMibOrAsSet_belowOneKibRefused() {
    assertEquals(16_777_216, parse(Map.of(), Map.of()).http().maxResponseBytes());
    assertEquals(
        2048, parse(Map.of("http.maxResponseBytes", "2048"), Map.of()).http().maxResponseBytes());

    assertError(
        Map.of("http.maxResponseBytes", "100"),
        Map.of(),
        "invalid configuration http.maxResponseBytes = '100' (from test.properties): expected a"
            + " whole number of at least 1024");
  }

  @Test
  void databaseSettings_toString_neverShowsPassword() {
    ServiceConfig config = parse(Map.of("database.password", "s3cret-pw"), Map.of());

    assertTrue(!config.database().toString().contains("s3cret-pw"), config.database().toString());
  }

  private static void assertError(
      Map<String, String> file, Map<String, String> environment, String expected) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> parse(file, environment));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static ServiceConfig parse(Map<String, String> file, Map<String, String> environment) {
    Properties properties = new Properties();
    properties.putAll(file);
    return ServiceConfig.from(new Config(properties, environment, "test.properties"));
  }
}
