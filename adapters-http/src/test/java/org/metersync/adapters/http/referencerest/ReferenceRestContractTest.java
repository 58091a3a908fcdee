package org.metersync.adapters.http.referencerest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.HttpKindRemote;
import org.metersync.adapters.http.SharedHttpKindChecks;
import org.metersync.domain.MeterReading;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.testkit.ContractReadings;
import org.metersync.testkit.Misbehaviour;
import org.metersync.testkit.http.HttpClientSystemContract;

/** The reference REST adapter passes the contract against a server that follows the docs. */
class ReferenceRestContractTest extends HttpClientSystemContract implements SharedHttpKindChecks {

  @Override
  protected ReferenceRestRemote newRemote() {
    return new ReferenceRestRemote();
  }

  @Override
  protected ReferenceRestRemote remote() {
    return (ReferenceRestRemote) super.remote();
  }

  @Override
  public HttpKindRemote kindRemote() {
    return remote();
  }

  @Test
  void upload_resentAfterLostAnswer_sameIdempotencyKeyAndBody() {
    List<MeterReading> batch = ContractReadings.readings(3);
    remote().misbehaveOnNextCall(Misbehaviour.ANSWER_LOST);
    assertThrows(ClientSystemUnavailableException.class, () -> api().upload(batch));
    List<RecordedRequest> first = remote().takeRequests();

    api().upload(batch);
    List<RecordedRequest> second = remote().takeRequests();

    assertEquals(1, first.size());
    assertEquals(1, second.size());
    String key = first.get(0).getHeaders().get("Idempotency-Key");
    assertNotNull(key);
    assertEquals(key, second.get(0).getHeaders().get("Idempotency-Key"));
    assertEquals(first.get(0).getBody(), second.get(0).getBody());
  }
}
