package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.metersync.adapters.http.AbstractClientSystemApiContractTest;
import org.metersync.adapters.http.FakeClientSystemServer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/** The SensorThings adapter passes the contract against a server that answers like FROST. */
class SensorThingsContractTest extends AbstractClientSystemApiContractTest {

  private final FrostJson frost = new FrostJson(MAPPER);
  private final Set<String> cachedMeters = new HashSet<>();
  private int skip;

  @Override
  protected ClientSystemApi newApi(String baseUrl, Map<String, String> options) {
    return new SensorThingsClientSystemFactory(sharedClient, MAPPER, CREDENTIALS, CLOCK)
        .create(
            new ClientSystemSettings(
                TENANT, "sensorthings", baseUrl, Optional.of(TOKEN_REFERENCE), options));
  }

  private String base() {
    return server.url("/api/").toString();
  }

  @Override
  protected void enqueuePage(List<MeterReading> readings, boolean more) {
    skip += readings.size();
    String next =
        more
            ? base()
                + "Observations?$top=3&$skip="
                + skip
                + "&$orderby=%40iot.id+asc&$skipFilter=%28id+gt+"
                + skip
                + "%29"
            : null;
    server.enqueue(FrostJson.json(frost.observations(readings, next)));
  }

  @Override
  protected void enqueueUploadAnswer(List<MeterReading> batch, List<UploadVerdict> verdicts) {
    enqueueCheckAndLookup(batch);
    server.enqueue(FrostJson.json(201, frost.created(base(), verdicts)));
    if (verdicts.stream().anyMatch(v -> v instanceof UploadVerdict.Rejected)) {
      cachedMeters.clear(); // the adapter looks the Datastream up again after an error entry
    }
  }

  @Override
  protected void enqueueUploadAnswerWithWrongCount(List<MeterReading> batch) {
    enqueueCheckAndLookup(batch);
    List<UploadVerdict> fewer = batch.stream().skip(1).map(r -> UploadVerdict.ACCEPTED).toList();
    server.enqueue(FrostJson.json(201, frost.created(base(), fewer)));
  }

  @Override
  protected void enqueueUploadLostAfterSending(List<MeterReading> batch) {
    enqueueCheckAndLookup(batch);
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
  }

  @Override
  protected void enqueueResendAnswer(List<MeterReading> batch) {
    server.enqueue(FrostJson.json(frost.holding(batch)));
  }

  @Override
  protected void assertResendSafe(List<RecordedRequest> first, List<RecordedRequest> second) {
    assertEquals("POST", first.get(first.size() - 1).getMethod());
    assertEquals(1, second.size(), "only the check, no CreateObservations");
    RecordedRequest check = second.get(0);
    assertEquals("GET", check.getMethod());
    String filter = check.getUrl().queryParameter("$filter");
    assertTrue(filter.contains("parameters/readingId eq 'r-1'"), filter);
  }

  @Override
  protected FakeClientSystemServer serveStatefully() {
    FakeFrostServer fake = new FakeFrostServer(MAPPER);
    server.setDispatcher(fake);
    return fake;
  }

  @Override
  protected void enqueueReachable() {
    server.enqueue(
        FrostJson.json("{\"value\":[{\"name\":\"Things\",\"url\":\"" + base() + "Things\"}]}"));
  }

  private void enqueueCheckAndLookup(List<MeterReading> batch) {
    server.enqueue(FrostJson.json(frost.present(List.of())));
    for (MeterReading reading : batch) {
      if (cachedMeters.add(reading.meterId())) {
        server.enqueue(FrostJson.json(frost.datastreamFound(1, reading.meterId(), reading.unit())));
      }
    }
  }
}
