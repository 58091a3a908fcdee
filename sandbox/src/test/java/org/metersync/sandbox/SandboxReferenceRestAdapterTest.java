package org.metersync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.ReadingsPage;
import org.metersync.testkit.ClientSystemContract;
import org.metersync.testkit.RemoteCanBeUnavailable;
import org.metersync.testkit.RemoteCanGarbleAnswers;
import org.metersync.testkit.RemoteCanLoseAnswers;
import org.metersync.testkit.RemoteCanOmitVerdicts;
import org.metersync.testkit.RemoteCanOverfillPages;
import org.metersync.testkit.RemoteCanRefuseCalls;
import org.metersync.testkit.RemoteCanRefuseCredentials;
import org.metersync.testkit.RemoteCanRefuseReadings;

/**
 * The real reference-rest adapter against the sandbox: both ends of the contract agree, the kit's
 * checks and the sandbox's own.
 */
class SandboxReferenceRestAdapterTest extends ClientSystemContract<SandboxRemote>
    implements RemoteCanBeUnavailable,
        RemoteCanRefuseCalls,
        RemoteCanRefuseCredentials,
        RemoteCanGarbleAnswers,
        RemoteCanLoseAnswers,
        RemoteCanOmitVerdicts,
        RemoteCanOverfillPages,
        RemoteCanRefuseReadings {

  private static final String TENANT = "acme";
  private static final String TOKEN = "acme-secret";

  private final SandboxClientSystem sandbox =
      SandboxClientSystem.builder().tenant(TENANT, TOKEN).start();
  private final SandboxRemote sandboxRemote = new SandboxRemote(sandbox, TENANT, TOKEN);
  private final ClientSystemApi api = api(TOKEN, Map.of());

  @Override
  protected SandboxRemote newRemote() {
    return sandboxRemote;
  }

  @AfterEach
  void close() {
    sandbox.close();
  }

  private ClientSystemApi api(String token, Map<String, String> options) {
    return sandboxRemote.newAdapter(token, options);
  }

  private static List<MeterReading> readings(String prefix, int first, int count) {
    return SandboxReading.generate(prefix, first, count).stream()
        .map(SandboxReading::toMeterReading)
        .toList();
  }

  private static Map<ReadingId, UploadVerdict> all(List<MeterReading> batch, UploadVerdict v) {
    Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
    batch.forEach(reading -> verdicts.put(reading.id(), v));
    return verdicts;
  }

  @Test
  void fetchReadings_feedOf250InPagesOf100_downloadsEveryReadingOnceThenWaitsForMore() {
    List<MeterReading> feed =
        sandbox.generateDownloadable(TENANT, 250).stream()
            .map(SandboxReading::toMeterReading)
            .toList();

    List<MeterReading> downloaded = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Optional<String> cursor = Optional.empty();
    ReadingsPage page;
    do {
      page = api.fetchReadings(cursor, 100);
      assertTrue(page.malformed().isEmpty(), "" + page.malformed());
      downloaded.addAll(page.readings());
      sizes.add(page.readings().size());
      cursor = Optional.of(page.cursor());
    } while (page.hasMore());
    ReadingsPage idle = api.fetchReadings(cursor, 100);
    List<SandboxReading> later = sandbox.generateDownloadable(TENANT, 5);
    ReadingsPage more = api.fetchReadings(cursor, 100);

    assertEquals(feed, downloaded);
    assertEquals(List.of(100, 100, 50), sizes);
    assertEquals(0, idle.received());
    assertFalse(idle.hasMore());
    assertEquals(later.stream().map(SandboxReading::toMeterReading).toList(), more.readings());
    assertEquals(List.of(100, 100, 100, 100, 100), sandbox.stats(TENANT).downloadLimits());
  }

  @Test
  void fetchReadings_malformedFeedReading_keptAsideRestTaken() {
    sandbox.generateDownloadable(TENANT, 2);
    sandbox.addDownloadableJson(
        TENANT,
        List.of(
            "{\"id\":\"bad\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00Z\","
                + "\"value\":\"1.5\",\"unit\":\"kWh\"}"));

    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(2, page.readings().size());
    assertEquals(1, page.malformed().size());
    assertEquals("bad", page.malformed().get(0).readingId());
  }

  @Test
  void upload_threeBatchesThenResends_heldOnceAndReportedAlreadyPresent() {
    List<MeterReading> first = readings("up", 0, 40);
    List<MeterReading> second = readings("up", 40, 40);
    List<MeterReading> third = readings("up", 80, 40);

    assertEquals(all(first, UploadVerdict.ACCEPTED), api.upload(first));
    assertEquals(all(second, UploadVerdict.ACCEPTED), api.upload(second));
    assertEquals(all(third, UploadVerdict.ACCEPTED), api.upload(third));
    // The same batch again carries the same key and body: the stored answer is replayed.
    Map<ReadingId, UploadVerdict> replayed = api.upload(second);
    // A batch of another composition is judged reading by reading.
    List<MeterReading> recomposed = new ArrayList<>(first.subList(0, 10));
    recomposed.addAll(readings("up", 120, 1));
    Map<ReadingId, UploadVerdict> resent = api.upload(recomposed);

    assertEquals(all(second, UploadVerdict.ACCEPTED), replayed);
    Map<ReadingId, UploadVerdict> expected =
        all(first.subList(0, 10), UploadVerdict.ALREADY_PRESENT);
    expected.put(ReadingId.of("up-120"), UploadVerdict.ACCEPTED);
    assertEquals(expected, resent);
    Stats stats = sandbox.stats(TENANT);
    assertEquals(121, stats.readingsHeld());
    assertEquals(121, stats.accepted());
    assertEquals(10, stats.duplicates());
    assertEquals(1, stats.replayedUploads());
    assertEquals(List.of(40, 40, 40, 40, 11), stats.uploadBatchSizes());
    assertEquals(
        first.stream().map(SandboxReading::of).toList(),
        sandbox.heldReadings(TENANT).subList(0, 40));
  }

  @Test
  void upload_editedReading_acceptedAndSandboxCopyUpdated() {
    MeterReading original = readings("up", 0, 1).get(0);
    api.upload(List.of(original));
    MeterReading edited =
        new MeterReading(
            original.id(),
            original.meterId(),
            original.takenAt(),
            new BigDecimal("0.000001"),
            original.unit());

    Map<ReadingId, UploadVerdict> verdicts = api.upload(List.of(edited));

    assertEquals(Map.of(original.id(), UploadVerdict.ACCEPTED), verdicts);
    assertEquals(SandboxReading.of(edited), sandbox.heldReading(TENANT, "up-0").get());
    assertEquals(1, sandbox.stats(TENANT).updates());
  }

  @Test
  void upload_responseLost_unavailableThenResendHeldOnce() {
    List<MeterReading> batch = readings("up", 0, 20);
    sandbox.switches(TENANT).failNext(1, Fault.acceptAndLoseResponse());

    assertThrows(ClientSystemUnavailableException.class, () -> api.upload(batch));
    Map<ReadingId, UploadVerdict> resent = api.upload(batch);

    assertTrue(resent.values().stream().allMatch(UploadVerdict::held));
    assertEquals(20, resent.size());
    assertEquals(20, sandbox.stats(TENANT).readingsHeld());
    assertEquals(2, sandbox.timesReceived(TENANT, "up-0"));
  }

  @Test
  void upload_payloadTooLarge_adapterSplitsInHalves() {
    List<MeterReading> batch = readings("up", 0, 40);
    sandbox.switches(TENANT).failNext(1, Fault.payloadTooLarge());

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(all(batch, UploadVerdict.ACCEPTED), verdicts);
    assertEquals(List.of(40, 20, 20), sandbox.stats(TENANT).uploadBatchSizes());
  }

  @Test
  void upload_bodyOverSandboxLimit_adapterSplitsUntilItFits() {
    List<MeterReading> batch = readings("up", 0, 16);
    sandbox.switches(TENANT).maxRequestBytes(700);

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(all(batch, UploadVerdict.ACCEPTED), verdicts);
    Stats stats = sandbox.stats(TENANT);
    assertEquals(16, stats.readingsHeld());
    // 16 readings are ~1600 bytes: 16 and each 8 are refused, the quarters fit.
    assertEquals(List.of(16, 8, 4, 4, 8, 4, 4), stats.uploadBatchSizes());
    assertEquals(3, stats.responses(413));
  }

  @Test
  void upload_partialRejection_verdictsCarryTheReason() {
    List<MeterReading> batch = readings("up", 0, 3);
    sandbox.switches(TENANT).failNext(1, Fault.reject("meter unknown", "up-1"));

    Map<ReadingId, UploadVerdict> verdicts = api.upload(batch);

    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("up-0")));
    assertEquals(UploadVerdict.rejected("meter unknown"), verdicts.get(ReadingId.of("up-1")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("up-2")));
  }

  @Test
  void faults_seenThroughTheAdapter_becomeThePortsExceptions() {
    SandboxSwitches switches = sandbox.switches(TENANT);
    List<MeterReading> batch = readings("up", 0, 2);

    switches.failNext(1, Fault.tooManyRequests(Duration.ofSeconds(7)));
    ClientSystemUnavailableException throttled =
        assertThrows(ClientSystemUnavailableException.class, api::checkReachable);
    // A GET dropped on a reused connection is sent once more (a server may close idle
    // connections), so only a second drop reaches the port.
    switches.failNext(2, Fault.dropConnection());
    assertThrows(
        ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));
    switches.failNext(1, Fault.wrongResultCount());
    assertThrows(ClientSystemMalformedAnswerException.class, () -> api.upload(batch));
    switches.failNext(1, Fault.malformedJson(), Endpoint.DOWNLOAD);
    assertThrows(
        ClientSystemMalformedAnswerException.class, () -> api.fetchReadings(Optional.empty(), 10));
    ClientSystemRejectedException refused =
        assertThrows(ClientSystemRejectedException.class, api("wrong", Map.of())::checkReachable);

    assertEquals(Optional.of(Duration.ofSeconds(7)), throttled.retryAfter());
    assertTrue(refused.isAuthentication());
    assertEquals(5, sandbox.stats(TENANT).faultsInjected());
    // The batch behind the wrong answer was applied: an unknown outcome for the client.
    assertEquals(2, sandbox.stats(TENANT).readingsHeld());
  }
}
