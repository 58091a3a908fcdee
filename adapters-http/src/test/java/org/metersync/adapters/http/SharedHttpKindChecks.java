package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.testkit.ContractReadings;

/**
 * What this module's HTTP kinds do alike beyond the kit's contract, through the code they share:
 * verdicts in batch order, splitting on {@code 413} and at {@code maxRequestBytes}, the token and
 * {@code User-Agent} on every request and never in a log, the wording of a cursor refusal.
 * Implemented by each kind's contract test.
 */
public interface SharedHttpKindChecks {

  /** The remote of the running check. */
  HttpKindRemote kindRemote();

  @Test
  default void upload_mixedVerdicts_keyedInBatchOrder() {
    List<MeterReading> batch = ContractReadings.readings(3);
    kindRemote().refuseReading(batch.get(1).id(), "value out of range");

    Map<ReadingId, UploadVerdict> verdicts = kindRemote().newAdapter().upload(batch);

    assertEquals(batch.stream().map(MeterReading::id).toList(), List.copyOf(verdicts.keySet()));
  }

  @Test
  default void upload_serverRefusesLargeBodies_halvesUntilEveryReadingIsHeld() {
    kindRemote().remoteServer().refuseBodiesOver(300);
    List<MeterReading> batch = ContractReadings.readings(6);

    Map<ReadingId, UploadVerdict> verdicts = kindRemote().newAdapter().upload(batch);

    assertTrue(verdicts.values().stream().allMatch(UploadVerdict::held), verdicts::toString);
    assertHeldOnce(batch);
  }

  @Test
  default void upload_batchOverMaxRequestBytes_splitBeforeSending() {
    kindRemote().remoteServer().refuseBodiesOver(400);
    ClientSystemApi limited =
        kindRemote().newAdapter(kindRemote().baseUrl(), Map.of("maxRequestBytes", "400"));
    List<MeterReading> batch = ContractReadings.readings(6);

    Map<ReadingId, UploadVerdict> verdicts = limited.upload(batch);

    assertTrue(verdicts.values().stream().allMatch(UploadVerdict::held), verdicts::toString);
    List<RecordedRequest> requests = kindRemote().takeRequests();
    assertTrue(requests.stream().allMatch(r -> r.getBodySize() <= 400), requests::toString);
    List<RecordedRequest> posts =
        requests.stream().filter(r -> r.getMethod().equals("POST")).toList();
    assertTrue(posts.size() > 1, posts::toString);
    assertTrue(posts.stream().allMatch(r -> r.getBodySize() > 0), posts::toString);
    assertHeldOnce(batch);
  }

  @Test
  default void anyCall_sendsTokenAndUserAgent_neverLogsToken() {
    List<MeterReading> batch = ContractReadings.readings(2);
    ClientSystemApi api = kindRemote().newAdapter();
    List<String> lines;
    try (LogCapture logs = new LogCapture()) {
      kindRemote().offer(batch);
      api.fetchReadings(Optional.empty(), 10);
      api.upload(batch);
      kindRemote().refuseCredentialsInNextCall();
      assertThrows(ClientSystemRejectedException.class, api::checkReachable);
      lines = logs.lines();
    }

    for (RecordedRequest request : kindRemote().takeRequests()) {
      assertEquals("Bearer " + HttpKindRemote.TOKEN, request.getHeaders().get("Authorization"));
      assertEquals(HttpKindRemote.USER_AGENT, request.getHeaders().get("User-Agent"));
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains("Authorization: ██")), lines::toString);
    assertTrue(lines.stream().noneMatch(l -> l.contains(HttpKindRemote.TOKEN)), lines::toString);
  }

  @ParameterizedTest(name = "cursor {0}")
  @ValueSource(strings = {"c-17", "{\"v\":99}", "reference-rest:v9:x", "{\"v\":1,\"afterId\":[1]}"})
  default void fetchReadings_cursorNotMadeByThisKind_saysStoredCursorUnreadable(String cursor) {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> kindRemote().newAdapter().fetchReadings(Optional.of(cursor), 10));

    assertTrue(e.getMessage().contains("tenant " + HttpKindRemote.TENANT), e.getMessage());
    assertTrue(e.getMessage().contains("stored download cursor"), e.getMessage());
  }

  private void assertHeldOnce(List<MeterReading> batch) {
    for (MeterReading reading : batch) {
      List<MeterReading> held = kindRemote().held(reading.id());
      assertEquals(1, held.size(), held::toString);
      assertTrue(ContractReadings.sameData(reading, held.get(0)), held::toString);
    }
  }
}
