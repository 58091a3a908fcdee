package org.metersync.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sandbox answers per the reference-rest contract of docs/client-system-api.md. */
class SandboxContractTest {

  private static final String TENANT = "acme";
  private static final String TOKEN = "acme-secret";

  private final SandboxClientSystem sandbox =
      SandboxClientSystem.builder().tenant(TENANT, TOKEN).tenant("other", "other-secret").start();
  private final SandboxHttp http = new SandboxHttp();
  private final String base = sandbox.baseUrl(TENANT);

  @AfterEach
  void close() {
    http.close();
    sandbox.close();
  }

  private static SandboxReading reading(String id, String value) {
    return new SandboxReading(
        id, "M-1001", Instant.parse("2026-01-01T00:15:00Z"), new BigDecimal(value), "kWh");
  }

  private SandboxHttp.Answer page(String cursor, int limit) throws IOException {
    String query = cursor == null ? "" : "cursor=" + cursor + "&";
    return http.get(base + "readings?" + query + "limit=" + limit, TOKEN);
  }

  @Test
  void download_feedPagedToTheEnd_returnsEveryReadingOnceInOrder() throws IOException {
    List<SandboxReading> feed = sandbox.generateDownloadable(TENANT, 250);

    List<String> ids = new ArrayList<>();
    List<Boolean> hasMore = new ArrayList<>();
    String cursor = null;
    do {
      SandboxHttp.Answer answer = page(cursor, 100);
      assertEquals(200, answer.status());
      ids.addAll(answer.ids("readings"));
      hasMore.add(answer.json().get("hasMore").asBoolean());
      cursor = answer.json().get("nextCursor").asText();
    } while (hasMore.get(hasMore.size() - 1));

    assertEquals(feed.stream().map(SandboxReading::id).toList(), ids);
    assertEquals(List.of(true, true, false), hasMore);
    Stats stats = sandbox.stats(TENANT);
    assertEquals(3, stats.downloadRequests());
    assertEquals(List.of(100, 100, 100), stats.downloadLimits());
    assertEquals(250, stats.readingsServed());
  }

  @Test
  void download_limitSmallerThanFeed_returnsAtMostLimit() throws IOException {
    sandbox.generateDownloadable(TENANT, 20);

    SandboxHttp.Answer answer = page(null, 7);

    assertEquals(7, answer.json().get("readings").size());
    assertTrue(answer.json().get("hasMore").asBoolean());
  }

  @Test
  void download_lastCursorAfterNewReadings_returnsOnlyTheNewOnes() throws IOException {
    sandbox.generateDownloadable(TENANT, 3);
    SandboxHttp.Answer end = page(null, 10);
    String cursor = end.json().get("nextCursor").asText();
    assertEquals(0, page(cursor, 10).json().get("readings").size());

    List<SandboxReading> later = sandbox.generateDownloadable(TENANT, 2);
    SandboxHttp.Answer next = page(cursor, 10);

    assertEquals(later.stream().map(SandboxReading::id).toList(), next.ids("readings"));
    assertFalse(next.json().get("hasMore").asBoolean());
  }

  @Test
  void download_exactDecimals_writtenAsPlainNumbersWithTheirScale() throws IOException {
    sandbox.addDownloadable(
        TENANT, List.of(reading("a", "0.000001"), reading("b", "100.250"), reading("c", "1E+3")));

    SandboxHttp.Answer answer = page(null, 10);

    assertTrue(answer.body().contains("\"value\":0.000001"), answer.body());
    assertTrue(answer.body().contains("\"value\":100.250"), answer.body());
    assertTrue(answer.body().contains("\"value\":1000"), answer.body());
    JsonNode first = answer.json().get("readings").get(0);
    assertEquals("2026-01-01T00:15:00Z", first.get("takenAt").asText());
    assertEquals("M-1001", first.get("meterId").asText());
    assertEquals("kWh", first.get("unit").asText());
  }

  @Test
  void download_rawJsonReading_servedAsWritten() throws IOException {
    sandbox.addDownloadableJson(TENANT, List.of("{\"id\":\"x\",\"value\":\"12.5\"}"));

    SandboxHttp.Answer answer = page(null, 10);

    assertEquals("12.5", answer.json().get("readings").get(0).get("value").textValue());
  }

  @Test
  void download_missingLimitOrUnknownCursor_answers400() throws IOException {
    assertEquals(400, http.get(base + "readings", TOKEN).status());
    assertEquals(400, http.get(base + "readings?limit=0", TOKEN).status());
    assertEquals(400, page("not-a-cursor", 10).status());
    assertEquals(3, sandbox.stats(TENANT).responses(400));
  }

  @Test
  void upload_newReadings_acceptedInRequestOrder() throws IOException {
    List<SandboxReading> batch =
        List.of(reading("r-3", "3"), reading("r-1", "1"), reading("r-2", "2"));

    SandboxHttp.Answer answer = http.upload(base, TOKEN, batch);

    assertEquals(200, answer.status());
    assertEquals(List.of("r-3", "r-1", "r-2"), answer.ids("results"));
    assertEquals(List.of("accepted", "accepted", "accepted"), answer.statuses());
    assertEquals(batch, sandbox.heldReadings(TENANT));
    Stats stats = sandbox.stats(TENANT);
    assertEquals(3, stats.accepted());
    assertEquals(List.of(3), stats.uploadBatchSizes());
  }

  @Test
  void upload_identicalReadingAgainInAnotherBatch_alreadyPresentAndCountedAsDuplicate()
      throws IOException {
    http.upload(base, TOKEN, List.of(reading("r-1", "100.25")));

    SandboxHttp.Answer again =
        http.upload(base, TOKEN, List.of(reading("r-1", "100.250"), reading("r-2", "5")));

    assertEquals(List.of("already_present", "accepted"), again.statuses());
    assertEquals(new BigDecimal("100.25"), sandbox.heldReading(TENANT, "r-1").get().value());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(2, stats.readingsHeld());
    assertEquals(1, stats.duplicates());
    assertEquals(0, stats.updates());
    assertEquals(2, sandbox.timesReceived(TENANT, "r-1"));
  }

  @Test
  void upload_changedDataForHeldId_acceptedAndHeldCopyUpdated() throws IOException {
    http.upload(base, TOKEN, List.of(reading("r-1", "100.25"), reading("r-2", "7")));

    SandboxHttp.Answer changed = http.upload(base, TOKEN, List.of(reading("r-1", "100.26")));

    assertEquals(List.of("accepted"), changed.statuses());
    assertEquals(new BigDecimal("100.26"), sandbox.heldReading(TENANT, "r-1").get().value());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(2, stats.readingsHeld());
    assertEquals(1, stats.updates());
    assertEquals(0, stats.duplicates());
    assertEquals(2, stats.accepted());
  }

  @Test
  void upload_sameKeyAndBodyAgain_replaysTheAnswerWithoutApplying() throws IOException {
    List<SandboxReading> batch = List.of(reading("r-1", "1"), reading("r-2", "2"));
    SandboxHttp.Answer first = http.upload(base, TOKEN, batch);

    SandboxHttp.Answer replay = http.upload(base, TOKEN, batch);

    assertEquals(first.body(), replay.body());
    assertEquals(List.of("accepted", "accepted"), replay.statuses());
    Stats stats = sandbox.stats(TENANT);
    assertEquals(1, stats.replayedUploads());
    assertEquals(2, stats.accepted());
    assertEquals(0, stats.duplicates());
    assertEquals(2, sandbox.timesReceived(TENANT, "r-1"));
  }

  @Test
  void upload_sameKeyWithChangedBody_processedAfresh() throws IOException {
    String key = SandboxHttp.key(List.of(reading("r-1", "1")));
    http.upload(base, TOKEN, key, SandboxHttp.body(List.of(reading("r-1", "1"))));

    SandboxHttp.Answer edited =
        http.upload(base, TOKEN, key, SandboxHttp.body(List.of(reading("r-1", "2"))));

    assertEquals(List.of("accepted"), edited.statuses());
    assertEquals(new BigDecimal("2"), sandbox.heldReading(TENANT, "r-1").get().value());
    assertEquals(0, sandbox.stats(TENANT).replayedUploads());
    assertEquals(1, sandbox.stats(TENANT).updates());
  }

  @Test
  void upload_invalidReading_rejectedWithReasonOthersAccepted() throws IOException {
    String body =
        "{\"readings\":["
            + SandboxHttp.json(reading("ok", "1"))
            + ",{\"id\":\"bad\",\"meterId\":\"M-1\",\"takenAt\":\"2026-02-30T00:00:00Z\","
            + "\"value\":1,\"unit\":\"kWh\"},"
            + "{\"id\":\"str\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T00:00:00+01:00\","
            + "\"value\":\"1.5\",\"unit\":\"kWh\"}]}";

    SandboxHttp.Answer answer = http.upload(base, TOKEN, "a".repeat(64), body);

    assertEquals(List.of("accepted", "rejected", "rejected"), answer.statuses());
    JsonNode results = answer.json().get("results");
    assertTrue(results.get(1).get("reason").asText().contains("takenAt"));
    assertTrue(results.get(2).get("reason").asText().contains("value"));
    assertEquals(
        List.of("ok"), sandbox.heldReadings(TENANT).stream().map(SandboxReading::id).toList());
    assertEquals(2, sandbox.stats(TENANT).rejected());
  }

  @Test
  void upload_offsetTimestamp_heldAsTheSameInstant() throws IOException {
    String body =
        "{\"readings\":[{\"id\":\"o\",\"meterId\":\"M-1\",\"takenAt\":\"2026-01-01T01:15:00+01:00\","
            + "\"value\":1.50,\"unit\":\"kWh\"}]}";

    http.upload(base, TOKEN, "b".repeat(64), body);

    SandboxReading held = sandbox.heldReading(TENANT, "o").get();
    assertEquals(Instant.parse("2026-01-01T00:15:00Z"), held.takenAt());
    assertEquals(new BigDecimal("1.50"), held.value());
  }

  @Test
  void upload_missingOrMalformedKeyOrBody_answers400AndAppliesNothing() throws IOException {
    String body = SandboxHttp.body(List.of(reading("r-1", "1")));

    assertEquals(400, http.upload(base, TOKEN, null, body).status());
    assertEquals(400, http.upload(base, TOKEN, "ABC", body).status());
    assertEquals(400, http.upload(base, TOKEN, "c".repeat(64), "{\"readings\":").status());
    assertEquals(400, http.upload(base, TOKEN, "c".repeat(64), "{\"readings\":[{}]}").status());

    Stats stats = sandbox.stats(TENANT);
    assertEquals(0, stats.readingsHeld());
    assertEquals(4, stats.uploadRequests());
    assertEquals(4, stats.responses(400));
  }

  @Test
  void upload_bodyOverMaxRequestBytes_answers413() throws IOException {
    List<SandboxReading> batch = SandboxReading.generate("big", 0, 10);
    sandbox.switches(TENANT).maxRequestBytes(SandboxHttp.body(batch).length() - 1);

    SandboxHttp.Answer tooLarge = http.upload(base, TOKEN, batch);
    SandboxHttp.Answer half = http.upload(base, TOKEN, batch.subList(0, 5));

    assertEquals(413, tooLarge.status());
    assertEquals(200, half.status());
    assertEquals(5, sandbox.stats(TENANT).readingsHeld());
  }

  @Test
  void tenants_sameIdsAndTheirOwnTokens_keptApart() throws IOException {
    String otherBase = sandbox.baseUrl("other");
    sandbox.generateDownloadable("other", 4);
    List<SandboxReading> batch = List.of(reading("r-1", "1"));

    SandboxHttp.Answer mine = http.upload(base, TOKEN, batch);
    SandboxHttp.Answer theirs = http.upload(otherBase, "other-secret", batch);
    SandboxHttp.Answer crossToken = http.upload(otherBase, TOKEN, batch);

    assertEquals(List.of("accepted"), mine.statuses());
    assertEquals(List.of("accepted"), theirs.statuses());
    assertEquals(401, crossToken.status());
    assertEquals(0, page(null, 10).json().get("readings").size());
    assertEquals(1, sandbox.stats(TENANT).readingsHeld());
    assertEquals(1, sandbox.stats("other").readingsHeld());
    assertEquals(1, sandbox.stats("other").responses(401));
    assertEquals(0, sandbox.stats(TENANT).responses(401));
    assertEquals(2, sandbox.totals().readingsHeld());
    assertEquals(4, sandbox.totals().responses());
  }
}
