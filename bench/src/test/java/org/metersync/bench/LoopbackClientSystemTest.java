package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loopback client system's remote-bound tenants, on a clock the test moves: what each request
 * costs, that one tenant's requests are handled one at a time, and that others are not charged.
 */
@Timeout(60)
class LoopbackClientSystemTest {

  private static final String TOKEN = "t0ken";
  private static final RemoteCost COST =
      new RemoteCost(Duration.ofMillis(10), Duration.ofNanos(600_000), "custom");

  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final List<Long> deadlines = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private LoopbackClientSystem server;

  /** A pacer that spends the cost at once by moving the clock to the deadline. */
  private void startWithMovingClock() {
    server =
        LoopbackClientSystem.start(
            TOKEN,
            clock::get,
            deadline -> {
              deadlines.add(deadline);
              clock.set(deadline);
            });
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void upload_chargedTenant_heldForRequestCostPlusReadingCostFromTakingItsTurn() throws Exception {
    startWithMovingClock();
    server.charge("a", COST);
    long start = clock.get();

    HttpResponse<String> answer = post("a", 3);

    assertEquals(200, answer.statusCode());
    assertEquals(3, answer.body().split("\"accepted\"", -1).length - 1, answer.body());
    assertEquals(List.of(start + 10_000_000 + 3 * 600_000), deadlines);
    assertEquals(10_000_000 + 3 * 600_000, server.busyNanos("a"));
  }

  @Test
  void download_chargedTenant_payForEveryReadingServed() throws Exception {
    startWithMovingClock();
    server.charge("a", COST);
    server.offer("a", 5);
    long start = clock.get();

    HttpResponse<String> page = get("a", "readings?limit=100");

    assertEquals(200, page.statusCode());
    assertEquals(List.of(start + 10_000_000 + 5 * 600_000), deadlines);
  }

  @Test
  void refusedRequest_chargedTenant_paysTheRequestCostOnly() throws Exception {
    startWithMovingClock();
    server.charge("a", COST);
    long start = clock.get();

    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create(server.baseUrl("a") + "readings/batch"))
                .header("Authorization", "Bearer wrong")
                .POST(HttpRequest.BodyPublishers.ofString(body(3)))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(401, answer.statusCode());
    assertEquals(List.of(start + 10_000_000), deadlines);
  }

  @Test
  void upload_tenantNotChargedOrForgotten_answeredWithoutCost() throws Exception {
    startWithMovingClock();
    server.charge("a", COST);
    server.forget("a");

    assertEquals(200, post("a", 2).statusCode());
    assertEquals(200, post("b", 2).statusCode());

    assertEquals(List.of(), deadlines);
    assertEquals(0, server.busyNanos("a"));
    assertEquals(4, server.readingsReceived());
  }

  @Test
  void twoRequestsAtOnce_chargedTenant_secondWaitsUntilTheFirstIsAnswered() throws Exception {
    CountDownLatch firstHeld = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    server =
        LoopbackClientSystem.start(
            TOKEN,
            clock::get,
            deadline -> {
              deadlines.add(deadline);
              if (deadlines.size() == 1) {
                firstHeld.countDown();
                await(releaseFirst);
              }
            });
    server.charge("a", COST);

    CompletableFuture<HttpResponse<String>> first = postAsync("a", 1);
    await(firstHeld);
    CompletableFuture<HttpResponse<String>> second = postAsync("a", 1);
    while (server.waiting("a") == 0) {
      Thread.onSpinWait();
    }

    assertEquals(1, deadlines.size(), "the second has not started while the first is held");
    assertEquals(1, server.waiting("a"));
    releaseFirst.countDown();
    assertEquals(200, first.get().statusCode());
    assertEquals(200, second.get().statusCode());
    assertEquals(2, deadlines.size());
  }

  @Test
  void otherTenant_whileOneIsHeld_answered() throws Exception {
    CountDownLatch firstHeld = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    server =
        LoopbackClientSystem.start(
            TOKEN,
            clock::get,
            deadline -> {
              firstHeld.countDown();
              await(releaseFirst);
            });
    server.charge("a", COST);
    CompletableFuture<HttpResponse<String>> held = postAsync("a", 1);
    await(firstHeld);

    HttpResponse<String> other = post("b", 1);

    assertEquals(200, other.statusCode());
    assertFalse(held.isDone(), "a's request is still held");
    releaseFirst.countDown();
    assertEquals(200, held.get().statusCode());
  }

  private HttpResponse<String> post(String tenant, int readings) throws Exception {
    return postAsync(tenant, readings).get();
  }

  private CompletableFuture<HttpResponse<String>> postAsync(String tenant, int readings) {
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(server.baseUrl(tenant) + "readings/batch"))
            .header("Authorization", "Bearer " + TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(body(readings)))
            .build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String tenant, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.baseUrl(tenant) + path))
            .header("Authorization", "Bearer " + TOKEN)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String body(int readings) {
    StringBuilder body = new StringBuilder("{\"readings\":[");
    for (int i = 1; i <= readings; i++) {
      body.append(i > 1 ? "," : "").append("{\"id\":\"r-").append(i).append("\",\"value\":1}");
    }
    return body.append("]}").toString();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
