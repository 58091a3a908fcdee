package org.metersync.adapters.http.referencerest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.metersync.adapters.http.BaseUrl;
import org.metersync.adapters.http.ClientSystemCalls;
import org.metersync.adapters.http.HttpClientSystemFactory;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.SplittingUpload;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.spi.Options;
import retrofit2.Retrofit;

/**
 * Makes {@link ReferenceRestClientSystemApi}s. The credential (required) is the bearer token.
 * Options: {@value #MAX_REQUEST_BYTES} (default {@value #DEFAULT_MAX_REQUEST_BYTES}), {@value
 * #MAX_RESPONSE_BYTES} (default the service's {@code http.maxResponseBytes}).
 */
public final class ReferenceRestClientSystemFactory extends HttpClientSystemFactory {

  /** The largest upload request body, in bytes; larger batches are split before sending. */
  public static final String MAX_REQUEST_BYTES = SplittingUpload.MAX_REQUEST_BYTES;

  public static final long DEFAULT_MAX_REQUEST_BYTES = SplittingUpload.DEFAULT_MAX_REQUEST_BYTES;

  public ReferenceRestClientSystemFactory(
      OkHttpClient sharedClient, ObjectMapper mapper, Credentials credentials, Clock clock) {
    super(sharedClient, mapper, credentials, clock);
  }

  /** For {@link java.util.ServiceLoader}: the service starts it on the shared HTTP client. */
  public ReferenceRestClientSystemFactory() {}

  @Override
  public String kind() {
    return ReferenceRestClientSystemApi.KIND;
  }

  @Override
  public ClientSystemApi create(ClientSystemSettings settings) {
    requireNonNull(settings, "settings");
    Options options = new Options(settings, Set.of(MAX_REQUEST_BYTES, MAX_RESPONSE_BYTES));
    long maxRequestBytes = options.positiveLong(MAX_REQUEST_BYTES, DEFAULT_MAX_REQUEST_BYTES);
    long maxResponseBytes = maxResponseBytes(options);
    String reference =
        settings
            .credential()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "tenant "
                            + settings.tenantId()
                            + ": the reference-rest client system needs a credential (bearer"
                            + " token reference)"));
    String token = credentials().resolve(settings.tenantId(), reference);
    OkHttpClient client =
        HttpClients.forTenant(
            sharedClient(), settings.tenantId(), "Bearer " + token, maxResponseBytes);
    ReferenceRestService service =
        new Retrofit.Builder()
            .baseUrl(BaseUrl.of(settings))
            .client(client)
            .build()
            .create(ReferenceRestService.class);
    return new ReferenceRestClientSystemApi(
        service,
        mapper(maxResponseBytes),
        new ClientSystemCalls(settings.tenantId(), kind(), clock()),
        maxRequestBytes);
  }
}
