package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
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
import retrofit2.converter.jackson.JacksonConverterFactory;

/**
 * Makes {@link SensorThingsClientSystemApi}s. The base URL is the service root, such as {@code
 * https://host/FROST-Server/v1.1/}. Options (all optional):
 *
 * <ul>
 *   <li>{@value #AUTH}: {@code none}, {@code bearer} (credential is the token) or {@code basic}
 *       (credential is {@code user:password}); default {@code bearer} with a credential, else
 *       {@code none}
 *   <li>{@value #METER_LOOKUP}: {@code property} (default) or {@code name}: how a meter's
 *       Datastream is found
 *   <li>{@value #METER_PROPERTY}: the Datastream property holding the meter id, default {@code
 *       meterId}
 *   <li>{@value #CREATE_DATASTREAMS}: {@code true} to create a Thing and Datastream for a meter
 *       that has none; default {@code false} (its readings are rejected). Needs {@value
 *       #THING_LOCATION}
 *   <li>{@value #THING_LOCATION}: the Location of created Things, {@code "lon,lat"} or a GeoJSON
 *       geometry
 *   <li>{@value #OBSERVED_PROPERTY_NAME}, {@value #OBSERVED_PROPERTY_DEFINITION}, {@value
 *       #SENSOR_NAME}: the ObservedProperty and the Sensor all created Datastreams share
 *   <li>{@value #DEFAULT_UNIT}: the unit of downloaded readings whose Datastream has no unit
 *       symbol; without it such readings are malformed
 *   <li>{@value #MAX_URL_LENGTH}: the longest URL of the already-present check, default {@value
 *       #DEFAULT_MAX_URL_LENGTH} characters, at most {@value #MAX_CHECK_LENGTH}
 *   <li>{@value #MAX_FILTER_LENGTH}: the longest encoded {@code $filter} of that check, if it must
 *       be shorter still; at most {@value #MAX_CHECK_LENGTH}
 *   <li>{@value #MAX_REQUEST_BYTES}: the largest {@code CreateObservations} body in bytes, default
 *       1 MiB; larger batches are split before sending
 *   <li>{@value #MAX_RESPONSE_BYTES}: the largest answer body in bytes; default the service's
 *       {@code http.maxResponseBytes}
 *   <li>{@value #GAP_SETTLE_SECONDS}: how long the download asks again for an Observation id it
 *       missed below a higher one (a transaction committing out of id order), default {@value
 *       #DEFAULT_GAP_SETTLE_SECONDS}; {@code 0} never asks again
 * </ul>
 */
public final class SensorThingsClientSystemFactory extends HttpClientSystemFactory {

  public static final String AUTH = "auth";
  public static final String METER_LOOKUP = "meterLookup";
  public static final String METER_PROPERTY = "meterProperty";
  public static final String CREATE_DATASTREAMS = "createDatastreams";
  public static final String OBSERVED_PROPERTY_NAME = "observedPropertyName";
  public static final String OBSERVED_PROPERTY_DEFINITION = "observedPropertyDefinition";
  public static final String SENSOR_NAME = "sensorName";
  public static final String THING_LOCATION = "thingLocation";
  public static final String DEFAULT_UNIT = "defaultUnit";
  public static final String MAX_FILTER_LENGTH = "maxFilterLength";
  public static final String MAX_URL_LENGTH = "maxUrlLength";
  public static final int DEFAULT_MAX_URL_LENGTH = 6000;

  /**
   * The most either check limit may be set to: Tomcat (FROST-Server's usual container) refuses a
   * request line and headers over 8 KB together with {@code 400}, and the headers need room too.
   */
  public static final int MAX_CHECK_LENGTH = 7000;

  public static final String MAX_REQUEST_BYTES = SplittingUpload.MAX_REQUEST_BYTES;
  public static final String GAP_SETTLE_SECONDS = "gapSettleSeconds";
  public static final int DEFAULT_GAP_SETTLE_SECONDS = 600;

  private static final Set<String> KEYS =
      Set.of(
          AUTH,
          METER_LOOKUP,
          METER_PROPERTY,
          CREATE_DATASTREAMS,
          OBSERVED_PROPERTY_NAME,
          OBSERVED_PROPERTY_DEFINITION,
          SENSOR_NAME,
          THING_LOCATION,
          DEFAULT_UNIT,
          MAX_URL_LENGTH,
          MAX_FILTER_LENGTH,
          MAX_REQUEST_BYTES,
          MAX_RESPONSE_BYTES,
          GAP_SETTLE_SECONDS);

  public SensorThingsClientSystemFactory(
      OkHttpClient sharedClient, ObjectMapper mapper, Credentials credentials, Clock clock) {
    super(sharedClient, mapper, credentials, clock);
  }

  /** For {@link java.util.ServiceLoader}: the service starts it on the shared HTTP client. */
  public SensorThingsClientSystemFactory() {}

  @Override
  public String kind() {
    return SensorThingsClientSystemApi.KIND;
  }

  @Override
  public ClientSystemApi create(ClientSystemSettings settings) {
    requireNonNull(settings, "settings");
    Options options = new Options(settings, KEYS);
    HttpUrl base = BaseUrl.of(settings);
    long maxResponseBytes = maxResponseBytes(options);
    OkHttpClient client =
        HttpClients.forTenant(
            sharedClient(),
            settings.tenantId(),
            authorization(settings, options),
            maxResponseBytes);
    ObjectMapper mapper = mapper(maxResponseBytes);
    SensorThingsService service =
        new Retrofit.Builder()
            .baseUrl(base)
            .client(client)
            .addConverterFactory(JacksonConverterFactory.create(mapper()))
            .build()
            .create(SensorThingsService.class);
    ClientSystemCalls calls = new ClientSystemCalls(settings.tenantId(), kind(), clock());
    MeterLookup lookup = lookup(options);
    Optional<DatastreamCreator> creator =
        creation(options, mapper)
            .map(wanted -> new DatastreamCreator(service, base, mapper, calls, wanted));
    Duration gapSettle =
        Duration.ofSeconds(
            options.wholeNumber(GAP_SETTLE_SECONDS, DEFAULT_GAP_SETTLE_SECONDS, 0, 604_800));
    return new SensorThingsClientSystemApi(
        service,
        base,
        mapper,
        calls,
        new DatastreamDirectory(service, base, mapper, calls, lookup, creator),
        new ObservationDownload(
            service,
            base,
            mapper,
            calls,
            new ObservationMapper(lookup, options.text(DEFAULT_UNIT, null)),
            clock(),
            gapSettle),
        checkLimits(options),
        options.positiveLong(MAX_REQUEST_BYTES, SplittingUpload.DEFAULT_MAX_REQUEST_BYTES));
  }

  /** What to create for meters without a Datastream, if the tenant allows it. */
  private static Optional<DatastreamCreator.Settings> creation(
      Options options, ObjectMapper mapper) {
    String location = options.text(THING_LOCATION, null);
    JsonNode geometry = null;
    if (location != null) {
      try {
        geometry = ThingLocation.parse(mapper, location);
      } catch (IllegalArgumentException e) {
        throw options.invalid(
            THING_LOCATION, location, ThingLocation.EXPECTED + " (" + e.getMessage() + ")");
      }
    }
    if (!options.bool(CREATE_DATASTREAMS, false)) {
      return Optional.empty();
    }
    if (geometry == null) {
      throw options.invalid(
          THING_LOCATION,
          "",
          ThingLocation.EXPECTED
              + " when "
              + CREATE_DATASTREAMS
              + "=true: FROST-Server makes each Observation's FeatureOfInterest from its Thing's"
              + " Location and refuses Observations whose Thing has none");
    }
    return Optional.of(
        new DatastreamCreator.Settings(
            options.text(OBSERVED_PROPERTY_NAME, "meter reading"),
            options.text(OBSERVED_PROPERTY_DEFINITION, "urn:meter-sync:meter-reading"),
            options.text(SENSOR_NAME, "meter-sync meter"),
            geometry));
  }

  private static ExistingReadings.Limits checkLimits(Options options) {
    int url =
        checkLength(
            options, MAX_URL_LENGTH, DEFAULT_MAX_URL_LENGTH, ExistingReadings.MIN_LIMITED_URL);
    int filter = checkLength(options, MAX_FILTER_LENGTH, MAX_CHECK_LENGTH, 1);
    return new ExistingReadings.Limits(url, filter);
  }

  /** A check limit, refused above what servers accept with a message saying why. */
  private static int checkLength(Options options, String key, int fallback, int min) {
    long value = options.wholeNumber(key, fallback, min, Integer.MAX_VALUE);
    if (value > MAX_CHECK_LENGTH) {
      throw options.invalid(
          key,
          Long.toString(value),
          "at most "
              + MAX_CHECK_LENGTH
              + ": the check for readings already present is a GET whose URL holds the filter,"
              + " and servers such as Tomcat refuse a request line and headers over 8 KB with 400");
    }
    return (int) value;
  }

  private static MeterLookup lookup(Options options) {
    String mode = options.text(METER_LOOKUP, "property");
    switch (mode) {
      case "name":
        return MeterLookup.byName();
      case "property":
        String property = options.text(METER_PROPERTY, "meterId");
        try {
          return MeterLookup.byProperty(property);
        } catch (IllegalArgumentException e) {
          throw options.invalid(METER_PROPERTY, property, "a plain property name");
        }
      default:
        throw options.invalid(METER_LOOKUP, mode, "name or property");
    }
  }

  private String authorization(ClientSystemSettings settings, Options options) {
    String auth = options.text(AUTH, settings.credential().isPresent() ? "bearer" : "none");
    if (auth.equals("none")) {
      return null;
    }
    if (!auth.equals("bearer") && !auth.equals("basic")) {
      throw options.invalid(AUTH, auth, "none, bearer or basic");
    }
    String reference =
        settings
            .credential()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "tenant "
                            + settings.tenantId()
                            + ": auth="
                            + auth
                            + " needs a credential"));
    String secret = credentials().resolve(settings.tenantId(), reference);
    if (auth.equals("bearer")) {
      return "Bearer " + secret;
    }
    int colon = secret.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "tenant "
              + settings.tenantId()
              + ": credential "
              + reference
              + " must hold user:password for auth=basic");
    }
    return okhttp3.Credentials.basic(secret.substring(0, colon), secret.substring(colon + 1));
  }
}
