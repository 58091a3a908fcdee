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
import org.metersync.testkit.RemoteCanOmitVerdicts;
import org.metersync.testkit.RemoteCanOverfillPages;
import org.metersync.testkit.RemoteCanRefuseReadings;
import org.metersync.testkit.http.HttpClientSystemContract;

/** The reference REST adapter passes the contract against a server that follows the docs. */
class ReferenceRestContractTest extends HttpClientSystemContract<ReferenceRestRemote>
    implements SharedHttpKindChecks,
        RemoteCanOmitVerdicts,
        RemoteCanOverfillPages,
        RemoteCanRefuseReadings {

  @Override
  protected ReferenceRestRemote newRemote() {
    return new ReferenceRestRemote();
  }

  @Override
  public HttpKindRemote kindRemote() {
    return remote();
  }

  @Test
  void upload_resentAfterLostAnswer_sameIdempotencyKeyAndBody() {
    List<MeterReading> batch = ContractReadings.readings(3);
    remote().loseNextUploadAnswer();
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
