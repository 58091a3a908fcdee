package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.Config;
import org.metersync.bootstrap.ConfigurationException;
import org.metersync.bootstrap.ServiceConfig;
import org.metersync.bootstrap.cli.Main;

/**
 * Scenario 7 (configuration) and 9 (TLS): a malformed configuration stops the service with exit
 * status 2 and a message naming the key. There is no key that switches TLS verification off: any
 * key no setting reads is refused, and one that looks like a TLS switch says that TLS is always
 * verified.
 */
class BadConfigurationTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "workers=lots|workers",
        "syncIntervalMinutes=-1|syncIntervalMinutes",
        "http.readTimeoutMs=abc|http.readTimeoutMs",
        "database.poolSize=0|database.poolSize",
        "maxRetries=0|maxRetries",
        "log.format=xml|log.format",
        "backoff.initialMs=500\\nbackoff.maxMs=100|backoff.maxMs",
        "tenants.acme.kind=reference-rest|tenants.acme.url",
        "tenants.acme.url=http://127.0.0.1:9/\\ntenants.acme.uploadBatchSize=10001"
            + "|tenants.acme.uploadBatchSize",
        "tenants.bad'id.url=http://127.0.0.1:9/|tenants.bad'id",
        "syncIntervalMinuts=1|syncIntervalMinuts",
        "http.verifyTls=false|http.verifyTls",
      })
  void malformedConfiguration_exits2NamingTheKey(String lines, String key) throws IOException {
    Path config = dir.resolve("meter-sync.properties");
    Files.writeString(config, lines.replace("\\n", "\n") + "\nserver.port=0\n");

    Run run = run("--config", config.toString(), "run");

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("configuration"), run.err());
    assertTrue(run.err().contains(key), key + " named in: " + run.err());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http.verifyTls, false",
    "http.insecure, true",
    "http.trustAllCertificates, true",
    "http.hostnameVerification, off",
    "tls.enabled, false",
    "tenants.acme.sslVerify, false",
  })
  void tlsSwitch_refusedSayingTlsIsAlwaysVerified(String key, String value) throws IOException {
    Path config = dir.resolve("meter-sync.properties");
    Files.writeString(config, "tenants.acme.url=https://127.0.0.1:9/\n" + key + "=" + value + "\n");

    ConfigurationException refused =
        assertThrows(
            ConfigurationException.class,
            () -> ServiceConfig.from(Config.load(config, true, Map.of())));

    assertTrue(refused.getMessage().contains(key), refused.getMessage());
    assertTrue(
        refused.getMessage().contains("TLS certificates and host names are always verified"));
  }

  @Test
  void tlsSwitchInTheEnvironment_refused_otherSettingsByEnvironmentStillWork() throws IOException {
    Path config = dir.resolve("meter-sync.properties");
    Files.writeString(config, "server.port=0\n");

    ConfigurationException refused =
        assertThrows(
            ConfigurationException.class,
            () ->
                ServiceConfig.from(
                    Config.load(
                        config, true, Map.of("METERSYNC_HTTP_DISABLE_TLS_VERIFICATION", "true"))));
    ServiceConfig fine =
        ServiceConfig.from(
            Config.load(config, true, Map.of("METERSYNC_HTTP_READ_TIMEOUT_MS", "1234")));

    assertTrue(refused.getMessage().contains("METERSYNC_HTTP_DISABLE_TLS_VERIFICATION"));
    assertTrue(refused.getMessage().contains("always verified"), refused.getMessage());
    assertEquals(Duration.ofMillis(1234), fine.http().readTimeout());
  }

  @Test
  void tlsOptionOfAClientSystem_refusedAtStartNamingTheTenant(@MigratedDatabase TestDatabase db)
      throws IOException {
    Path config =
        Reliability.config(
            dir,
            db.jdbcUrl(),
            db.user(),
            db.password(),
            List.of(
                "server.port=0",
                "tenants.acme.url=https://127.0.0.1:9/",
                "tenants.acme.credential=env:PATH",
                "tenants.acme.option.insecureSkipVerify=true"));

    Run run =
        assertTimeoutPreemptively(
            Duration.ofSeconds(60), () -> run("--config", config.toString(), "run"));

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("acme"), run.err());
    assertTrue(run.err().contains("insecureSkipVerify"), run.err());
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(code, out.toString(), err.toString());
  }
}
