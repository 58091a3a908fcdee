package org.metersync.adapters.http.referencerest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.metersync.adapters.http.AbstractClientSystemApiContractTest;
import org.metersync.adapters.http.FakeClientSystemServer;
import org.metersync.domain.MeterReading;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/** The reference REST adapter passes the contract. */
class ReferenceRestContractTest extends AbstractClientSystemApiContractTest {

  private int pages;

  @Override
  protected ClientSystemApi newApi(String baseUrl, Map<String, String> options) {
    return new ReferenceRestClientSystemFactory(sharedClient, MAPPER, CREDENTIALS, CLOCK)
        .create(
            new ClientSystemSettings(
                TENANT, "reference-rest", baseUrl, Optional.of(TOKEN_REFERENCE), options));
  }

  @Override
  protected void enqueuePage(List<MeterReading> readings, boolean more) {
    server.enqueue(json(ReferenceRestJson.page(MAPPER, readings, "c-" + ++pages, more)));
  }

  @Override
  protected void enqueueUploadAnswer(List<MeterReading> batch, List<UploadVerdict> verdicts) {
    server.enqueue(json(ReferenceRestJson.results(MAPPER, batch, verdicts)));
  }

  @Override
  protected void enqueueUploadAnswerWithWrongCount(List<MeterReading> batch) {
    List<MeterReading> fewer = batch.subList(0, batch.size() - 1);
    server.enqueue(
        json(
            ReferenceRestJson.results(
                MAPPER, fewer, fewer.stream().map(r -> UploadVerdict.ACCEPTED).toList())));
  }

  @Override
  protected void enqueueUploadLostAfterSending(List<MeterReading> batch) {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
  }

  @Override
  protected void enqueueResendAnswer(List<MeterReading> batch) {
    // A server honouring the contract knows the key and replays its first answer.
    enqueueUploadAnswer(batch, batch.stream().map(r -> UploadVerdict.ACCEPTED).toList());
  }

  @Override
  protected void assertResendSafe(List<RecordedRequest> first, List<RecordedRequest> second) {
    assertEquals(1, first.size());
    assertEquals(1, second.size());
    String key = first.get(0).getHeaders().get("Idempotency-Key");
    assertNotNull(key);
    assertEquals(key, second.get(0).getHeaders().get("Idempotency-Key"));
    assertEquals(first.get(0).getBody(), second.get(0).getBody());
  }

  @Override
  protected FakeClientSystemServer serveStatefully() {
    FakeReferenceRestServer fake = new FakeReferenceRestServer(MAPPER);
    server.setDispatcher(fake);
    return fake;
  }

  @Override
  protected void enqueueReachable() {
    server.enqueue(json("{\"status\":\"ok\"}"));
  }

  static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse json(ObjectNode body) {
    return json(body.toString());
  }
}
