package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/** The SensorThings adapter passes the contract against a server that answers like FROST. */
class SensorThingsContractTest extends HttpClientSystemContract<FrostRemote>
    implements SharedHttpKindChecks,
        RemoteCanOmitVerdicts,
        RemoteCanOverfillPages,
        RemoteCanRefuseReadings {

  @Override
  protected FrostRemote newRemote() {
    return new FrostRemote();
  }

  @Override
  public HttpKindRemote kindRemote() {
    return remote();
  }

  @Test
  void upload_resentAfterLostAnswer_checksOnlyAndCreatesNothing() {
    List<MeterReading> batch = ContractReadings.readings(3);
    remote().loseNextUploadAnswer();
    assertThrows(ClientSystemUnavailableException.class, () -> api().upload(batch));
    List<RecordedRequest> first = remote().takeRequests();

    api().upload(batch);
    List<RecordedRequest> second = remote().takeRequests();

    assertEquals("POST", first.get(first.size() - 1).getMethod());
    assertEquals(1, second.size(), "only the check, no CreateObservations");
    RecordedRequest check = second.get(0);
    assertEquals("GET", check.getMethod());
    String filter = check.getUrl().queryParameter("$filter");
    assertTrue(filter.contains("parameters/readingId eq 'r-1'"), filter);
  }
}
