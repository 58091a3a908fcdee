package org.metersync.adapters.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.Credentials;
import org.metersync.testkit.ContractRemote;
import org.metersync.testkit.http.MockWebServerRemote;
import org.metersync.testkit.http.RemoteServer;

/**
 * A remote of one of this module's kinds for the contract kit: the adapters get the module's shared
 * HTTP client, a fixed clock and a token from a credential reference. Beyond what every HTTP remote
 * can do wrong, each of this module's fakes can leave out a verdict, overfill a page and refuse one
 * reading.
 */
public abstract class HttpKindRemote extends MockWebServerRemote
    implements ContractRemote.CanOmitVerdicts,
        ContractRemote.CanOverfillPages,
        ContractRemote.CanRefuseReadings {

  public static final TenantId TENANT = TenantId.of("tenant-a");
  public static final String TOKEN = "s3cr3t-t0ken-9f8e7d";
  public static final String TOKEN_REFERENCE = "env:METER_SYNC_TEST_TOKEN";
  public static final String USER_AGENT = "meter-sync/test";
  public static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  public static final ObjectMapper MAPPER = JsonMappers.create();
  public static final Credentials CREDENTIALS =
      new Credentials(Map.of("METER_SYNC_TEST_TOKEN", TOKEN)::get);
  private static final Duration READ_TIMEOUT = Duration.ofMillis(700);

  protected final OkHttpClient sharedClient =
      HttpClients.shared(
          new HttpSettings(
              Duration.ofSeconds(2),
              READ_TIMEOUT,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              2,
              Duration.ofSeconds(30),
              USER_AGENT));

  protected HttpKindRemote(RemoteServer remote) {
    super(remote);
  }

  /** The adapter for a remote at {@code baseUrl} with these options of its kind. */
  public abstract ClientSystemApi newAdapter(String baseUrl, Map<String, String> options);

  @Override
  public ClientSystemApi newAdapter(String baseUrl) {
    return newAdapter(baseUrl, Map.of());
  }

  @Override
  public TenantId tenant() {
    return TENANT;
  }

  @Override
  public Duration readTimeout() {
    return READ_TIMEOUT;
  }

  @Override
  public Clock clock() {
    return CLOCK;
  }

  @Override
  public String secret() {
    return TOKEN;
  }
}
