package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.spi.InvalidSettingException;

/**
 * The upload path against {@link FakeFrostServer}, which refuses what FROST-Server 2.4.2 on Tomcat
 * 9 refuses: Observations without a FeatureOfInterest, request headers over 8 KB.
 */
class SensorThingsOnFakeFrostTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final String LOCATION = "8.4,49.0";

  @StartStop private final MockWebServer server = new MockWebServer();
  private String token;
  private FakeFrostServer fake;

  @BeforeEach
  void serve() {
    useToken(null);
  }

  private void useToken(String newToken) {
    token = newToken;
    fake = new FakeFrostServer(MAPPER, newToken);
    server.setDispatcher(fake);
  }

  private ClientSystemApi api(Map<String, String> options) {
    return new SensorThingsClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            MAPPER,
            new Credentials(name -> token),
            Clock.systemUTC())
        .create(
            new ClientSystemSettings(
                TenantId.of("t1"),
                "sensorthings",
                server.url("/FROST-Server/v1.1/").toString(),
                token == null ? Optional.empty() : Optional.of("env:FROST_TOKEN"),
                options));
  }

  private static List<MeterReading> readings(int meters, int perMeter) {
    List<MeterReading> batch = new ArrayList<>();
    for (int i = 0; i < perMeter; i++) {
      for (int m = 1; m <= meters; m++) {
        batch.add(
            TestReadings.reading(
                "M-" + m + "-reading-" + i,
                "M-" + m,
                "2026-01-01T00:00:00Z".replace("00:00:00", String.format("%02d:00:00", i % 24)),
                i + "." + m));
      }
    }
    return batch;
  }

  private void assertEachHeldOnceInItsMetersDatastream(List<MeterReading> batch) {
    for (MeterReading reading : batch) {
      assertEquals(List.of(reading), fake.held(reading.id()), reading.id().value());
    }
  }

  // ---- Datastream creation and FeatureOfInterest ------------------------------------------------

  @Test
  void upload_createDatastreamsWithThingLocation_everyReadingStoredInItsMetersDatastream() {
    fake.withoutProvisioning();
    List<MeterReading> batch = readings(3, 4);
    ClientSystemApi api = api(Map.of("createDatastreams", "true", "thingLocation", LOCATION));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
    assertEquals(3, fake.count("Datastreams"));
    assertEquals(1, fake.count("ObservedProperties"), "one ObservedProperty shared");
    assertEquals(1, fake.count("Sensors"), "one Sensor shared");
    assertEquals(
        "{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}",
        fake.locationsOf("M-2").get(0).toString());
  }

  @Test
  void upload_createDatastreamsByAnotherAdapter_sharesTheExistingSensorAndObservedProperty() {
    fake.withoutProvisioning();
    Map<String, String> options = Map.of("createDatastreams", "true", "thingLocation", LOCATION);
    api(options).upload(readings(1, 1));
    List<MeterReading> batch = readings(2, 2).subList(2, 4);

    Map<ReadingId, UploadVerdict> verdicts = api(options).upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
    assertEquals(2, fake.count("Datastreams"));
    assertEquals(1, fake.count("ObservedProperties"));
    assertEquals(1, fake.count("Sensors"));
  }

  @Test
  void upload_sharedSensorDeletedMeanwhile_creationRefusedOnceThenSensorMadeAgain() {
    fake.withoutProvisioning();
    ClientSystemApi api = api(Map.of("createDatastreams", "true", "thingLocation", LOCATION));
    api.upload(readings(1, 1));
    fake.deleteSensors();
    List<MeterReading> batch = readings(2, 1).subList(1, 2);

    ClientSystemRejectedException refused =
        assertThrows(ClientSystemRejectedException.class, () -> api.upload(batch));
    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertTrue(refused.getMessage().contains("No such entity 'Sensor'"), refused.getMessage());
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(batch.get(0).id()));
    assertEachHeldOnceInItsMetersDatastream(batch);
    assertEquals(1, fake.count("Sensors"));
  }

  @Test
  void create_createDatastreamsWithoutThingLocation_refusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> api(Map.of("createDatastreams", "true")));

    InvalidSettingException cause = assertInstanceOf(InvalidSettingException.class, e.getCause());
    assertEquals("thingLocation", cause.key());
    assertTrue(e.getMessage().contains("FeatureOfInterest"), e.getMessage());
  }

  @Test
  void upload_existingDatastreamOnThingWithoutLocation_rejectedSayingWhatToFix() {
    long datastream = fake.datastreamOnThingWithoutLocation("M-1");
    List<MeterReading> batch = readings(1, 2);

    Map<ReadingId, UploadVerdict> verdicts = api(Map.of()).upload(batch);

    for (UploadVerdict verdict : verdicts.values()) {
      String reason = assertInstanceOf(UploadVerdict.Rejected.class, verdict).reason();
      assertTrue(reason.contains("meter M-1"), reason);
      assertTrue(reason.contains("Datastream " + datastream), reason);
      assertTrue(reason.contains("Thing " + (datastream - 1)), reason);
      assertTrue(reason.contains("add a Location"), reason);
    }
    assertEquals(2, verdicts.size());
    assertEquals(List.of(), fake.held(batch.get(0).id()));
  }

  // ---- cached lookups -------------------------------------------------------------------------

  @Test
  void upload_rowRefusedForItsOwnData_datastreamLookupKept() throws Exception {
    List<MeterReading> first = readings(1, 2);
    fake.refuse(first.get(0).id(), "phenomenonTime could not be parsed as time instant.");
    ClientSystemApi api = api(Map.of());
    Map<ReadingId, UploadVerdict> firstVerdicts = api.upload(first);
    List<MeterReading> second = readings(1, 3).subList(2, 3);

    Map<ReadingId, UploadVerdict> secondVerdicts = api.upload(second);

    assertInstanceOf(UploadVerdict.Rejected.class, firstVerdicts.get(first.get(0).id()));
    assertEquals(UploadVerdict.ACCEPTED, firstVerdicts.get(first.get(1).id()));
    assertEquals(UploadVerdict.ACCEPTED, secondVerdicts.get(second.get(0).id()));
    assertEachHeldOnceInItsMetersDatastream(List.of(first.get(1), second.get(0)));
    assertEquals(1, lookups(), "the Datastream was kept, not looked up again");
  }

  @Test
  void upload_datastreamDeletedMeanwhile_lookedUpAgainAndStoredInTheNewOne() throws Exception {
    ClientSystemApi api = api(Map.of());
    List<MeterReading> batch = readings(1, 3);
    api.upload(batch.subList(0, 1));
    fake.deleteDatastream("M-1");

    UploadVerdict gone = api.upload(batch.subList(1, 2)).get(batch.get(1).id());
    UploadVerdict again = api.upload(batch.subList(1, 3)).get(batch.get(1).id());

    assertTrue(
        assertInstanceOf(UploadVerdict.Rejected.class, gone)
            .reason()
            .contains("FeatureOfInterest"));
    assertEquals(UploadVerdict.ACCEPTED, again);
    assertEachHeldOnceInItsMetersDatastream(batch.subList(1, 3));
    assertEquals(2, lookups());
  }

  private int lookups() throws InterruptedException {
    int lookups = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest request = server.takeRequest();
      lookups += request.getUrl().encodedPath().endsWith("/Datastreams") ? 1 : 0;
    }
    return lookups;
  }

  // ---- check URLs that fit the server ---------------------------------------------------------

  private static List<MeterReading> longIds(int count) {
    List<MeterReading> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(
          TestReadings.reading(
              "a-reading-with-an-id-long-enough-to-fill-urls-quickly-" + i,
              "M-1",
              "2026-01-01T00:00:00Z",
              Integer.toString(i)));
    }
    return batch;
  }

  @Test
  void upload_defaultSettings_everyCheckUrlWithinTheDefaultLimit() throws Exception {
    List<MeterReading> batch = longIds(500);

    Map<ReadingId, UploadVerdict> verdicts = api(Map.of()).upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
    int checks = 0;
    int longest = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest request = server.takeRequest();
      if (request.getUrl().encodedPath().endsWith("/Observations")) {
        checks++;
        int length = request.getUrl().toString().length();
        assertTrue(length <= SensorThingsClientSystemFactory.DEFAULT_MAX_URL_LENGTH, "" + length);
        longest = Math.max(longest, length);
      }
    }
    assertTrue(checks > 1, "checks: " + checks);
    assertTrue(
        longest > SensorThingsClientSystemFactory.DEFAULT_MAX_URL_LENGTH - 200, "" + longest);
  }

  @Test
  void upload_largestMaxFilterLengthWithLongToken_checksFitTheServersHeaderLimit() {
    useToken("t".repeat(1500));
    List<MeterReading> batch = longIds(300);

    Map<ReadingId, UploadVerdict> verdicts = api(Map.of("maxFilterLength", "7000")).upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
  }

  @Test
  void upload_checkRefusedAsTooLarge_splitInHalvesAndEveryReadingStoredOnce() throws Exception {
    useToken("t".repeat(6000));
    List<MeterReading> batch = longIds(300);
    ClientSystemApi api = api(Map.of());
    fake.offer(batch.subList(0, 100));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertTrue(
        verdicts.values().stream().limit(100).allMatch(v -> v == UploadVerdict.ALREADY_PRESENT),
        verdicts::toString);
    assertTrue(
        verdicts.values().stream().skip(100).allMatch(v -> v == UploadVerdict.ACCEPTED),
        verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
  }

  @Test
  void upload_checkOfOneIdRefusedAsTooLarge_rejectedNamingTheReading() {
    useToken("t".repeat(7000));
    List<MeterReading> batch = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      // 128 characters of 3 bytes each: a URL over 1 KB for one id.
      batch.add(
          TestReadings.reading("€".repeat(126) + "-" + i, "M-1", "2026-01-01T00:00:00Z", "1"));
    }

    ClientSystemRejectedException e =
        assertThrows(ClientSystemRejectedException.class, () -> api(Map.of()).upload(batch));

    assertTrue(e.getMessage().contains("reading " + batch.get(0).id() + " alone"), e.getMessage());
    assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
    assertEquals(List.of(), fake.held(batch.get(0).id()));
  }

  @Test
  void upload_shortCheckRefusedWith400_failsNamingTheReadingsWithoutHalving() throws Exception {
    fake.answerNextWith(FrostJson.json(400, "{\"code\":400,\"type\":\"error\"}"));
    List<MeterReading> batch = longIds(3);

    ClientSystemRejectedException e =
        assertThrows(ClientSystemRejectedException.class, () -> api(Map.of()).upload(batch));

    assertTrue(e.getMessage().contains("3 readings (" + batch.get(0).id()), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void upload_checkAnswered414_splitInHalvesAndEveryReadingStoredOnce() {
    fake.answerNextWith(new mockwebserver3.MockResponse.Builder().code(414).build());
    List<MeterReading> batch = longIds(30);

    Map<ReadingId, UploadVerdict> verdicts = api(Map.of()).upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    assertEachHeldOnceInItsMetersDatastream(batch);
  }

  @Test
  void create_maxFilterLengthAboveWhatServersAccept_refusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> api(Map.of("maxFilterLength", "20000")));

    InvalidSettingException cause = assertInstanceOf(InvalidSettingException.class, e.getCause());
    assertEquals("maxFilterLength", cause.key());
  }
}
