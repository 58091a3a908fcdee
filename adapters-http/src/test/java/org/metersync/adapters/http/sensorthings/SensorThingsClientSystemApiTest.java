package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.TestReadings;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.Credentials;
import org.metersync.spi.ReadingsPage;

/** What only the SensorThings adapter does, much of it against the recorded FROST answers. */
class SensorThingsClientSystemApiTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();

  @StartStop private final MockWebServer server = new MockWebServer();
  private final FrostJson frost = new FrostJson(MAPPER);

  private String base() {
    return server.url("/FROST-Server/v1.1/").toString();
  }

  private ClientSystemApi api(Map<String, String> options) {
    return new SensorThingsClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            MAPPER,
            new Credentials(name -> null),
            Clock.systemUTC())
        .create(
            new ClientSystemSettings(
                TenantId.of("t1"), "sensorthings", base(), Optional.empty(), options));
  }

  private ClientSystemApi api() {
    return api(Map.of());
  }

  private void enqueue(String body) {
    server.enqueue(FrostJson.json(body));
  }

  private void enqueueNothingPresentAndDatastream1() {
    enqueue(frost.present(List.of()));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
  }

  /** A fixture page with each Observation's Datastream expanded, the rest (nextLink) untouched. */
  private String fixturePage(String file) throws Exception {
    ObjectNode page = (ObjectNode) MAPPER.readTree(FrostJson.fixtureBody(file, base()));
    page.get("value")
        .forEach(o -> ((ObjectNode) o).set("Datastream", frost.datastream(1, "M-1001", "kWh")));
    return page.toString();
  }

  private static String target(String link) {
    return link.substring(link.indexOf("/FROST-Server/"));
  }

  // ---- download -------------------------------------------------------------------------------

  @Test
  void fetchReadings_firstPage_asksForObservationsOrderedByIdWithDatastream() throws Exception {
    enqueue("{\"value\":[]}");

    api().fetchReadings(Optional.empty(), 250);

    RecordedRequest request = server.takeRequest();
    assertEquals("/FROST-Server/v1.1/Observations", request.getUrl().encodedPath());
    assertEquals("250", request.getUrl().queryParameter("$top"));
    assertEquals("id asc", request.getUrl().queryParameter("$orderby"));
    assertEquals(ObservationDownload.EXPAND_DATASTREAM, request.getUrl().queryParameter("$expand"));
    assertEquals(null, request.getUrl().queryParameter("$filter"));
  }

  @Test
  void fetchReadings_fixturePages_followNextLinkVerbatim() throws Exception {
    String page1 = fixturePage("06-page-1.txt");
    String page2 = fixturePage("07-page-2-via-nextLink.txt");
    enqueue(page1);
    enqueue(page2);
    enqueue(fixturePage("08-page-3-last.txt"));
    ClientSystemApi api = api();

    ReadingsPage first = api.fetchReadings(Optional.empty(), 2);
    ReadingsPage second = api.fetchReadings(Optional.of(first.cursor()), 2);
    ReadingsPage third = api.fetchReadings(Optional.of(second.cursor()), 2);

    server.takeRequest();
    assertEquals(
        target(MAPPER.readTree(page1).get("@iot.nextLink").asText()),
        server.takeRequest().getTarget());
    assertEquals(
        target(MAPPER.readTree(page2).get("@iot.nextLink").asText()),
        server.takeRequest().getTarget());
    assertTrue(first.hasMore());
    assertTrue(second.hasMore());
    assertFalse(third.hasMore());
    List<MeterReading> all = new java.util.ArrayList<>(first.readings());
    all.addAll(second.readings());
    all.addAll(third.readings());
    assertEquals(
        List.of("r-1", "r-2", "r-3", "r-5", "r-6"), all.stream().map(r -> r.id().value()).toList());
    assertEquals(new BigDecimal("100.25"), all.get(1).value());
    assertEquals(new BigDecimal("102"), all.get(4).value());
    assertEquals("M-1001", all.get(0).meterId());
    assertEquals("kWh", all.get(0).unit());
  }

  @Test
  void fetchReadings_afterLastPageAndRestart_asksOnlyForNewerObservations() throws Exception {
    enqueue(fixturePage("08-page-3-last.txt"));
    ReadingsPage last = api().fetchReadings(Optional.of("{\"v\":2,\"afterId\":4}"), 2);
    server.takeRequest();
    enqueue("{\"value\":[]}");

    ReadingsPage next = api().fetchReadings(Optional.of(last.cursor()), 2);

    assertEquals("id gt 5", server.takeRequest().getUrl().queryParameter("$filter"));
    assertEquals(0, next.received());
    assertEquals(last.cursor(), next.cursor());
  }

  @Test
  void fetchReadings_moreObservationsThanLimit_keepsFirstAndFetchesTheRestAfterLastId()
      throws Exception {
    enqueue(
        "{\"value\":["
            + observation(1, "r-1", "1")
            + ","
            + observation(2, "r-2", "2")
            + ","
            + observation(3, "r-3", "\"bad\"")
            + ","
            + observation(4, "r-4", "4")
            + ","
            + observation(5, "r-5", "5")
            + "],\"@iot.nextLink\":\""
            + base()
            + "Observations?$top=5&$skip=5\"}");
    enqueue("{\"value\":[" + observation(4, "r-4", "4") + "," + observation(5, "r-5", "5") + "]}");
    ClientSystemApi api = api();

    ReadingsPage first = api.fetchReadings(Optional.empty(), 3);
    ReadingsPage second = api.fetchReadings(Optional.of(first.cursor()), 3);

    assertEquals(3, first.received());
    assertEquals(List.of("r-1", "r-2"), ids(first));
    assertEquals("r-3", first.malformed().get(0).readingId());
    assertTrue(first.hasMore());
    server.takeRequest();
    RecordedRequest rest = server.takeRequest();
    assertEquals("id gt 3", rest.getUrl().queryParameter("$filter"));
    assertEquals("3", rest.getUrl().queryParameter("$top"));
    assertEquals(List.of("r-4", "r-5"), ids(second));
    assertFalse(second.hasMore());
  }

  @Test
  void fetchReadings_moreThanLimitWithoutIds_malformedAnswer() {
    enqueue(
        "{\"value\":[{\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1},"
            + "{\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":2}]}");

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().fetchReadings(Optional.empty(), 1));
  }

  private static List<String> ids(ReadingsPage page) {
    return page.readings().stream().map(r -> r.id().value()).toList();
  }

  @Test
  void fetchReadings_resultsInOtherNumberForms_exactDecimals() {
    enqueue(
        "{\"value\":["
            + observation(1, "r-1", "103")
            + ","
            + observation(2, "r-2", "1.03E2")
            + ","
            + observation(3, "r-3", "100.250")
            + ","
            + observation(4, "r-4", "\"abc\"")
            + "]}");

    ReadingsPage page = api().fetchReadings(Optional.empty(), 10);

    assertEquals(
        List.of(new BigDecimal("103"), new BigDecimal("103"), new BigDecimal("100.250")),
        page.readings().stream().map(MeterReading::value).toList());
    assertEquals(1, page.malformed().size());
    assertEquals("r-4", page.malformed().get(0).readingId());
    assertTrue(page.malformed().get(0).reason().contains("not a number"));
  }

  @Test
  void fetchReadings_observationsWithoutReadingIdOrUnit_idFromServerAndDefaultUnit() {
    enqueue(
        "{\"value\":[{\"@iot.id\":7,\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1,"
            + "\"Datastream\":{\"@iot.id\":1,\"name\":\"x\",\"properties\":{\"meterId\":\"M-9\"}}},"
            + "{\"@iot.id\":8,\"phenomenonTime\":\"2026-01-01T00:00:00Z/2026-01-01T00:15:00Z\",\"result\":1,"
            + "\"Datastream\":{\"@iot.id\":1,\"properties\":{\"meterId\":\"M-9\"}}}]}");

    ReadingsPage page =
        api(Map.of(SensorThingsClientSystemFactory.DEFAULT_UNIT, "m3"))
            .fetchReadings(Optional.empty(), 10);

    MeterReading reading = page.readings().get(0);
    assertEquals("sensorthings-7", reading.id().value());
    assertEquals("M-9", reading.meterId());
    assertEquals("m3", reading.unit());
    assertTrue(
        page.malformed().get(0).reason().contains("interval"), page.malformed().get(0).reason());
  }

  @Test
  void fetchReadings_numericReadingId_readAsThatId() {
    enqueue(
        "{\"value\":[{\"@iot.id\":7,\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1,"
            + "\"parameters\":{\"readingId\":4711},"
            + "\"Datastream\":{\"@iot.id\":1,\"properties\":{\"meterId\":\"M-9\"},"
            + "\"unitOfMeasurement\":{\"symbol\":\"kWh\"}}},"
            + "{\"@iot.id\":8,\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1,"
            + "\"parameters\":{\"readingId\":12345678901234567890123},"
            + "\"Datastream\":{\"@iot.id\":1,\"properties\":{\"meterId\":\"M-9\"},"
            + "\"unitOfMeasurement\":{\"symbol\":\"kWh\"}}},"
            + "{\"@iot.id\":9,\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":1,"
            + "\"parameters\":{\"readingId\":1.5},"
            + "\"Datastream\":{\"@iot.id\":1,\"properties\":{\"meterId\":\"M-9\"},"
            + "\"unitOfMeasurement\":{\"symbol\":\"kWh\"}}}]}");

    ReadingsPage page = api().fetchReadings(Optional.empty(), 10);

    assertEquals(List.of("4711", "12345678901234567890123", "sensorthings-9"), ids(page));
  }

  @Test
  void upload_checkFindsNumericReadingId_alreadyPresent() {
    MeterReading reading = TestReadings.reading("4711", "M-1001", "2026-01-01T00:00:00Z", "5");
    enqueue(
        "{\"value\":[{\"@iot.id\":7,\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":5,"
            + "\"parameters\":{\"readingId\":4711},\"Datastream\":{\"@iot.id\":1}}]}");
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("4711"));

    assertEquals(UploadVerdict.ALREADY_PRESENT, verdict);
  }

  @Test
  void fetchReadings_nextLinkToAnotherHost_malformedAnswer() {
    enqueue(
        "{\"value\":[],\"@iot.nextLink\":\"http://elsewhere.example/v1.1/Observations?$skip=2\"}");

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().fetchReadings(Optional.empty(), 2));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "c-17",
        "reference-rest:v1:c-17",
        "{\"v\":1,\"cursor\":\"c-17\"}",
        "{\"v\":\"1\",\"afterId\":5}",
        "{\"v\":1,\"next\":5}"
      })
  void fetchReadings_foreignOrCorruptCursor_malformedAnswerNamingTenant(String cursor) {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api().fetchReadings(Optional.of(cursor), 2));
    assertTrue(e.getMessage().contains("tenant t1"), e.getMessage());
    assertTrue(e.getMessage().contains("stored download cursor could not be read"), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  private static String observation(long id, String readingId, String result) {
    return "{\"@iot.id\":"
        + id
        + ",\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":"
        + result
        + ",\"parameters\":{\"readingId\":\""
        + readingId
        + "\"},\"Datastream\":{\"@iot.id\":1,\"name\":\"M-1001 energy\",\"properties\":{\"meterId\":\"M-1001\"},"
        + "\"unitOfMeasurement\":{\"symbol\":\"kWh\"}}}";
  }

  // ---- upload ---------------------------------------------------------------------------------

  @Test
  void upload_fixtureMixedErrors_verdictPerEntry() throws Exception {
    List<MeterReading> batch =
        List.of(
            TestReadings.reading("r-4", "M-1001", "2026-01-01T00:45:00Z", "101.0"),
            TestReadings.reading("r-5", "M-1001", "2026-01-01T01:00:00Z", "101.5"),
            TestReadings.reading("r-6", "M-1001", "2026-01-01T01:15:00Z", "102"));
    enqueueNothingPresentAndDatastream1();
    server.enqueue(
        FrostJson.json(
            201, FrostJson.fixtureBody("04-create-observations-mixed-errors.txt", base())));

    Map<ReadingId, UploadVerdict> verdicts = api().upload(batch);

    assertEquals(
        UploadVerdict.rejected(
            "error phenomenonTime could not be parsed as time instant or time interval."),
        verdicts.get(ReadingId.of("r-4")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-5")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-6")));
    server.takeRequest();
    assertEquals(
        "properties/meterId eq 'M-1001'", server.takeRequest().getUrl().queryParameter("$filter"));
    RecordedRequest create = server.takeRequest();
    assertEquals("/FROST-Server/v1.1/CreateObservations", create.getUrl().encodedPath());
    JsonNode group = MAPPER.readTree(create.getBody().utf8()).get(0);
    assertEquals(1, group.get("Datastream").get("@iot.id").asInt());
    assertEquals(
        "[\"phenomenonTime\",\"result\",\"parameters\"]", group.get("components").toString());
    assertEquals(3, group.get("dataArray@iot.count").asInt());
    assertEquals(
        "[\"2026-01-01T01:00:00Z\",101.5,{\"readingId\":\"r-5\"}]",
        group.get("dataArray").get(1).toString());
  }

  @Test
  void upload_unknownDatastream_rejectedAndLookedUpAgainNextTime() throws Exception {
    List<MeterReading> batch = TestReadings.readings(1);
    ClientSystemApi api = api();
    enqueueNothingPresentAndDatastream1();
    server.enqueue(
        FrostJson.json(
            201, FrostJson.fixtureBody("05-create-observations-unknown-datastream.txt", base())));

    UploadVerdict verdict = api.upload(batch).get(ReadingId.of("r-1"));

    UploadVerdict.Rejected rejected = assertInstanceOf(UploadVerdict.Rejected.class, verdict);
    assertTrue(rejected.reason().contains("FeatureOfInterest"), rejected.reason());
    enqueue(frost.present(List.of()));
    enqueue(frost.datastreamFound(2, "M-1001", "kWh"));
    server.enqueue(FrostJson.json(201, frost.created(base(), List.of(UploadVerdict.ACCEPTED))));
    assertEquals(UploadVerdict.ACCEPTED, api.upload(batch).get(ReadingId.of("r-1")));
    assertEquals(6, server.getRequestCount(), "the Datastream was looked up again");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "error No FeatureOfInterest provided, and none can be generated.",
        "error No such entity 'Datastream' with id [999]"
      })
  void datastreamGone_errorsOfAnUnknownDatastream_true(String error) {
    assertTrue(CreateObservationsRequests.datastreamGone(error));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "error phenomenonTime could not be parsed as time instant or time interval.",
        "error No such entity 'FeatureOfInterest' with id [3]",
        "error Missing required property 'result'"
      })
  void datastreamGone_errorsAboutTheRow_false(String error) {
    assertFalse(CreateObservationsRequests.datastreamGone(error));
  }

  @Test
  void upload_twice_datastreamLookedUpOnce() {
    ClientSystemApi api = api();
    enqueueNothingPresentAndDatastream1();
    server.enqueue(FrostJson.json(201, frost.created(base(), List.of(UploadVerdict.ACCEPTED))));
    api.upload(TestReadings.readings(1));
    enqueue(frost.present(List.of()));
    server.enqueue(FrostJson.json(201, frost.created(base(), List.of(UploadVerdict.ACCEPTED))));

    Map<ReadingId, UploadVerdict> verdicts =
        api.upload(List.of(TestReadings.reading("r-9", "M-1001", "2026-01-02T00:00:00Z", "5")));

    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-9")));
    assertEquals(5, server.getRequestCount());
  }

  @Test
  void upload_someAlreadyPresent_sendsOnlyTheRest() throws Exception {
    List<MeterReading> batch = TestReadings.readings(3);
    enqueue(frost.holding(List.of(batch.get(1))));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(
        FrostJson.json(
            201, frost.created(base(), List.of(UploadVerdict.ACCEPTED, UploadVerdict.ACCEPTED))));

    Map<ReadingId, UploadVerdict> verdicts = api().upload(batch);

    assertEquals(UploadVerdict.ALREADY_PRESENT, verdicts.get(ReadingId.of("r-2")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-1")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-3")));
    RecordedRequest check = server.takeRequest();
    assertEquals(
        "parameters/readingId eq 'r-1' or parameters/readingId eq 'r-2' or parameters/readingId eq 'r-3'",
        check.getUrl().queryParameter("$filter"));
    assertEquals("id,phenomenonTime,result,parameters", check.getUrl().queryParameter("$select"));
    assertEquals("Datastream($select=id)", check.getUrl().queryParameter("$expand"));
    server.takeRequest();
    JsonNode rows = MAPPER.readTree(server.takeRequest().getBody().utf8()).get(0).get("dataArray");
    assertEquals(2, rows.size());
    assertEquals("r-1", rows.get(0).get(2).get("readingId").asText());
    assertEquals("r-3", rows.get(1).get(2).get("readingId").asText());
  }

  @Test
  void upload_allAlreadyPresent_createsNothing() {
    enqueue(frost.holding(TestReadings.readings(2)));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));

    Map<ReadingId, UploadVerdict> verdicts = api().upload(TestReadings.readings(2));

    assertTrue(verdicts.values().stream().allMatch(v -> v == UploadVerdict.ALREADY_PRESENT));
    assertEquals(2, server.getRequestCount(), "the check and the Datastream lookup");
  }

  @Test
  void upload_readingIdWithQuote_escapedInFilter() throws Exception {
    MeterReading reading = TestReadings.reading("o'brien-1", "M-1001", "2026-01-01T00:00:00Z", "1");
    enqueue(frost.holding(List.of(reading)));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));

    api().upload(List.of(reading));

    assertEquals(
        "parameters/readingId eq 'o''brien-1'",
        server.takeRequest().getUrl().queryParameter("$filter"));
  }

  @Test
  void upload_manyIds_checkChunkedBelowFilterLength() throws Exception {
    List<MeterReading> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(
          TestReadings.reading(
              "reading-with-a-rather-long-id-" + i, "M-1001", "2026-01-01T00:00:00Z", "1"));
    }
    server.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return FrostJson.json(frost.present(List.of()));
          }
        });

    // Nothing is present, and the lookup (answered alike) finds no Datastream: all rejected.
    Map<ReadingId, UploadVerdict> verdicts =
        api(Map.of(SensorThingsClientSystemFactory.MAX_FILTER_LENGTH, "300")).upload(batch);

    assertTrue(verdicts.values().stream().allMatch(v -> v instanceof UploadVerdict.Rejected));
    int checks = 0;
    java.util.Set<String> asked = new java.util.HashSet<>();
    for (int i = 0; i < server.getRequestCount(); i++) {
      RecordedRequest request = server.takeRequest();
      if (request.getUrl().encodedPath().endsWith("/Observations")) {
        checks++;
        String encoded = request.getUrl().encodedQuery();
        String filter = request.getUrl().queryParameter("$filter");
        assertTrue(SensorThingsUrls.encode(filter).length() <= 300, encoded);
        for (String clause : filter.split(" or ")) {
          asked.add(clause);
        }
      }
    }
    assertTrue(checks > 1, "chunked into " + checks);
    assertEquals(10, asked.size());
  }

  @Test
  void upload_checkAnswersAnIdNotAskedFor_malformedAnswer() {
    enqueue(frost.present(List.of("r-77")));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().upload(TestReadings.readings(1)));
  }

  @Test
  void upload_noDatastreamAndCreationOff_rejectedWithoutSending() {
    enqueue(frost.present(List.of()));
    enqueue("{\"value\":[]}");

    UploadVerdict verdict = api().upload(TestReadings.readings(1)).get(ReadingId.of("r-1"));

    UploadVerdict.Rejected rejected = assertInstanceOf(UploadVerdict.Rejected.class, verdict);
    assertTrue(rejected.reason().contains("no Datastream of meter M-1001"), rejected.reason());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void upload_twoDatastreamsMatch_rejectedAsAmbiguous() {
    enqueue(frost.present(List.of()));
    enqueue("{\"value\":[{\"@iot.id\":1},{\"@iot.id\":2}]}");

    UploadVerdict verdict = api().upload(TestReadings.readings(1)).get(ReadingId.of("r-1"));

    assertTrue(
        assertInstanceOf(UploadVerdict.Rejected.class, verdict).reason().contains("2 Datastreams"));
  }

  @Test
  void upload_noDatastreamAndCreationOn_createsThingWithLocationAndSharedEntities()
      throws Exception {
    enqueue(frost.present(List.of()));
    enqueue("{\"value\":[]}");
    enqueue("{\"value\":[{\"@iot.id\":3}]}");
    enqueue("{\"value\":[{\"@iot.id\":4}]}");
    server.enqueue(
        new MockResponse.Builder().code(201).setHeader("Location", base() + "Things(1)").build());
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(FrostJson.json(201, frost.created(base(), List.of(UploadVerdict.ACCEPTED))));

    Map<ReadingId, UploadVerdict> verdicts =
        api(Map.of(
                SensorThingsClientSystemFactory.CREATE_DATASTREAMS,
                "true",
                SensorThingsClientSystemFactory.THING_LOCATION,
                " 8.4, 49.0 "))
            .upload(TestReadings.readings(1));

    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r-1")));
    server.takeRequest();
    RecordedRequest lookup = server.takeRequest();
    assertEquals(DatastreamDirectory.EXPAND_THING, lookup.getUrl().queryParameter("$expand"));
    RecordedRequest observedProperty = server.takeRequest();
    assertEquals("/FROST-Server/v1.1/ObservedProperties", observedProperty.getUrl().encodedPath());
    assertEquals("name eq 'meter reading'", observedProperty.getUrl().queryParameter("$filter"));
    RecordedRequest sensor = server.takeRequest();
    assertEquals("name eq 'meter-sync meter'", sensor.getUrl().queryParameter("$filter"));
    RecordedRequest create = server.takeRequest();
    assertEquals("/FROST-Server/v1.1/Things", create.getUrl().encodedPath());
    JsonNode thing = MAPPER.readTree(create.getBody().utf8());
    JsonNode location = thing.get("Locations").get(0);
    assertEquals("application/geo+json", location.get("encodingType").asText());
    assertEquals(
        "{\"type\":\"Point\",\"coordinates\":[8.4,49.0]}", location.get("location").toString());
    JsonNode datastream = thing.get("Datastreams").get(0);
    assertEquals("M-1001", datastream.get("properties").get("meterId").asText());
    assertEquals("kWh", datastream.get("unitOfMeasurement").get("symbol").asText());
    assertEquals("{\"@iot.id\":4}", datastream.get("Sensor").toString());
    assertEquals("{\"@iot.id\":3}", datastream.get("ObservedProperty").toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "49.0",
        "8.4,north",
        "181,49",
        "8.4,-90.5",
        "{\"type\":\"Point\"}",
        "{\"type\":\"Circle\",\"coordinates\":[1,2]}",
        "{not json"
      })
  void create_badThingLocation_refusedNamingTheSetting(String location) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> api(Map.of(SensorThingsClientSystemFactory.THING_LOCATION, location)));

    assertTrue(e.getMessage().contains("thingLocation"), e.getMessage());
    assertTrue(e.getMessage().contains("longitude,latitude"), e.getMessage());
  }

  @Test
  void create_geoJsonThingLocation_accepted() {
    assertDoesNotThrow(
        () ->
            api(
                Map.of(
                    SensorThingsClientSystemFactory.CREATE_DATASTREAMS,
                    "true",
                    SensorThingsClientSystemFactory.THING_LOCATION,
                    "{\"type\":\"Polygon\",\"coordinates\":[[[8,49],[9,49],[9,50],[8,49]]]}")));
  }

  @Test
  void upload_lookupByName_filtersOnName() throws Exception {
    enqueue(frost.present(List.of()));
    enqueue("{\"value\":[]}");

    api(Map.of(SensorThingsClientSystemFactory.METER_LOOKUP, "name"))
        .upload(TestReadings.readings(1));

    server.takeRequest();
    assertEquals("name eq 'M-1001'", server.takeRequest().getUrl().queryParameter("$filter"));
  }

  @Test
  void upload_unitDiffersFromDatastream_rejected() {
    enqueue(frost.present(List.of()));
    enqueue(frost.datastreamFound(1, "M-1001", "Wh"));

    UploadVerdict verdict = api().upload(TestReadings.readings(1)).get(ReadingId.of("r-1"));

    assertTrue(assertInstanceOf(UploadVerdict.Rejected.class, verdict).reason().contains("'Wh'"));
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void upload_entryNeitherLinkNorError_malformedAnswer() {
    enqueueNothingPresentAndDatastream1();
    server.enqueue(FrostJson.json(201, "[\"ok\"]"));

    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api().upload(TestReadings.readings(1)));
  }

  // ---- edited readings ------------------------------------------------------------------------

  private static String held(
      long id, String readingId, String time, String result, Long datastream) {
    return "{\"value\":[{\"@iot.id\":"
        + id
        + ",\"phenomenonTime\":\""
        + time
        + "\",\"result\":"
        + result
        + ",\"parameters\":{\"readingId\":\""
        + readingId
        + "\"}"
        + (datastream == null ? "" : ",\"Datastream\":{\"@iot.id\":" + datastream + "}")
        + "}]}";
  }

  @Test
  void upload_heldInOtherNumberAndTimeForms_alreadyPresentWithoutUpdate() {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "103.0");
    enqueue(held(7, "r-1", "2026-01-01T01:00:00.000+01:00", "103", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("r-1"));

    assertEquals(UploadVerdict.ALREADY_PRESENT, verdict);
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void upload_heldWithOtherResult_patchesThatObservationAndAccepts() throws Exception {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "104.50");
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "103", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(new MockResponse.Builder().code(204).build());

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("r-1"));

    assertEquals(UploadVerdict.ACCEPTED, verdict);
    server.takeRequest();
    server.takeRequest();
    RecordedRequest patch = server.takeRequest();
    assertEquals("PATCH", patch.getMethod());
    assertEquals("/FROST-Server/v1.1/Observations(7)", patch.getUrl().encodedPath());
    assertEquals(
        "{\"phenomenonTime\":\"2026-01-01T00:00:00Z\",\"result\":104.50,"
            + "\"parameters\":{\"readingId\":\"r-1\"}}",
        patch.getBody().utf8());
    assertEquals(3, server.getRequestCount(), "no CreateObservations");
  }

  @Test
  void upload_heldWithOtherTimeAndNoDatastreamInAnswer_patched() throws Exception {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:15:00Z", "103");
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "103", null));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(new MockResponse.Builder().code(200).build());

    assertEquals(UploadVerdict.ACCEPTED, api().upload(List.of(reading)).get(ReadingId.of("r-1")));
    server.takeRequest();
    server.takeRequest();
    assertEquals("PATCH", server.takeRequest().getMethod());
  }

  @Test
  void upload_heldObservationWithStringId_patchUrlQuotesId() throws Exception {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:15:00Z", "1");
    enqueue(
        "{\"value\":[{\"@iot.id\":\"a'b\",\"phenomenonTime\":\"2026-01-01T00:00:00Z\","
            + "\"result\":1,\"parameters\":{\"readingId\":\"r-1\"}}]}");
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(new MockResponse.Builder().code(204).build());

    api().upload(List.of(reading));

    server.takeRequest();
    server.takeRequest();
    assertEquals(
        "/FROST-Server/v1.1/Observations('a''b')", server.takeRequest().getUrl().encodedPath());
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 404, 409, 422})
  void upload_patchRefusedForThatObservation_rejectedWithStatus(int status) {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "5");
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "4", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(
        FrostJson.json(status, "{\"code\":" + status + ",\"type\":\"error\",\"message\":\"no\"}"));

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("r-1"));

    UploadVerdict.Rejected rejected = assertInstanceOf(UploadVerdict.Rejected.class, verdict);
    assertTrue(rejected.reason().contains("HTTP " + status), rejected.reason());
  }

  @Test
  void upload_patchAnsweredServerError_unavailable() {
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "4", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(new MockResponse.Builder().code(503).build());

    assertThrows(
        ClientSystemUnavailableException.class,
        () ->
            api()
                .upload(
                    List.of(TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "5"))));
  }

  @Test
  void upload_patchAnswered202_malformedAnswer() {
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "4", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(new MockResponse.Builder().code(202).build());

    assertThrows(
        ClientSystemMalformedAnswerException.class,
        () ->
            api()
                .upload(
                    List.of(TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "5"))));
  }

  @Test
  void upload_heldInAnotherDatastream_leftAloneAndCreatedInOwn() throws Exception {
    MeterReading reading = TestReadings.reading("r-1", "M-1001", "2026-01-01T00:00:00Z", "5");
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "5", 9L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));
    server.enqueue(FrostJson.json(201, frost.created(base(), List.of(UploadVerdict.ACCEPTED))));

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("r-1"));

    assertEquals(UploadVerdict.ACCEPTED, verdict);
    server.takeRequest();
    server.takeRequest();
    RecordedRequest create = server.takeRequest();
    assertEquals("/FROST-Server/v1.1/CreateObservations", create.getUrl().encodedPath());
    assertEquals(
        1,
        MAPPER.readTree(create.getBody().utf8()).get(0).get("Datastream").get("@iot.id").asInt());
  }

  @Test
  void upload_unitEditedOnPresentReading_rejectedNotAlreadyPresent() {
    MeterReading reading =
        new MeterReading(
            ReadingId.of("r-1"),
            "M-1001",
            java.time.Instant.parse("2026-01-01T00:00:00Z"),
            new BigDecimal("5"),
            "Wh");
    enqueue(held(7, "r-1", "2026-01-01T00:00:00Z", "5", 1L));
    enqueue(frost.datastreamFound(1, "M-1001", "kWh"));

    UploadVerdict verdict = api().upload(List.of(reading)).get(ReadingId.of("r-1"));

    assertInstanceOf(UploadVerdict.Rejected.class, verdict);
  }

  // ---- request size -----------------------------------------------------------------------------

  @Test
  void upload_twoMetersOverMaxRequestBytes_splitKeepingEachRowInItsDatastream() throws Exception {
    FakeFrostServer fake = new FakeFrostServer(MAPPER);
    server.setDispatcher(fake);
    List<MeterReading> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      batch.add(TestReadings.reading("a-" + i, "M-A", "2026-01-01T0" + i + ":00:00Z", "1." + i));
      batch.add(TestReadings.reading("b-" + i, "M-B", "2026-01-01T0" + i + ":00:00Z", "2." + i));
    }

    Map<ReadingId, UploadVerdict> verdicts =
        api(Map.of(SensorThingsClientSystemFactory.MAX_REQUEST_BYTES, "450")).upload(batch);

    assertTrue(
        verdicts.values().stream().allMatch(v -> v == UploadVerdict.ACCEPTED), verdicts::toString);
    for (MeterReading reading : batch) {
      assertEquals(List.of(reading), fake.held(reading.id()));
    }
    int posts = 0;
    for (int i = server.getRequestCount(); i > 0; i--) {
      RecordedRequest request = server.takeRequest();
      assertTrue(request.getBodySize() <= 450, "body of " + request.getBodySize());
      posts += request.getMethod().equals("POST") ? 1 : 0;
    }
    assertTrue(posts > 1, "split into " + posts);
  }

  @Test
  void upload_readingAloneOverMaxRequestBytes_rejectedUnsent() {
    enqueueNothingPresentAndDatastream1();

    UploadVerdict verdict =
        api(Map.of(SensorThingsClientSystemFactory.MAX_REQUEST_BYTES, "50"))
            .upload(TestReadings.readings(1))
            .get(ReadingId.of("r-1"));

    UploadVerdict.Rejected rejected = assertInstanceOf(UploadVerdict.Rejected.class, verdict);
    assertTrue(rejected.reason().contains("maximum request body"), rejected.reason());
    assertEquals(2, server.getRequestCount(), "the check and the lookup, no CreateObservations");
  }

  @Test
  void upload_readingAloneAnswered413_rejectedWithReason() {
    FakeFrostServer fake = new FakeFrostServer(MAPPER);
    fake.refuseBodiesOver(10);
    server.setDispatcher(fake);

    Map<ReadingId, UploadVerdict> verdicts = api().upload(TestReadings.readings(2));

    for (UploadVerdict verdict : verdicts.values()) {
      UploadVerdict.Rejected rejected = assertInstanceOf(UploadVerdict.Rejected.class, verdict);
      assertTrue(rejected.reason().contains("413"), rejected.reason());
    }
    assertEquals(2, verdicts.size());
  }

  @Test
  void create_basicAuth_sendsBasicCredentials() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ST", "user:pa ss");
    ClientSystemApi api =
        new SensorThingsClientSystemFactory(
                HttpClients.shared(HttpSettings.defaults("test")),
                MAPPER,
                new Credentials(env::get),
                Clock.systemUTC())
            .create(
                new ClientSystemSettings(
                    TenantId.of("t1"),
                    "sensorthings",
                    base(),
                    Optional.of("env:ST"),
                    Map.of("auth", "basic")));
    enqueue("{\"value\":[]}");

    api.checkReachable();

    assertEquals(
        okhttp3.Credentials.basic("user", "pa ss"),
        server.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void create_badMeterLookup_failsNamingOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> api(Map.of("meterLookup", "serial")));
    assertTrue(e.getMessage().contains("meterLookup"), e.getMessage());
  }
}
