package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.domain.PoisonSearch.Answer;
import org.quicktheories.core.Gen;

class PoisonSearchPropertiesTest {

  private static final String POISON_ANSWER = "HTTP 500: internal error";

  /** A batch, which of its readings the client system chokes on, and the rules in force. */
  private record Case(List<PendingReading> batch, Set<ReadingId> poison, int maxRetries) {}

  /** How the model client system treats a part. */
  private enum Server {
    /** Fails any part holding a poison reading, transiently; accepts the rest. */
    POISONED,
    /** Fails every part, transiently. */
    BROKEN,
    /** Fails every part, asking to be left alone for a while. */
    BUSY
  }

  /** The client system of a case: answers by {@link Server}, records what it was sent. */
  private static final class Model implements PoisonSearch.Probe<String> {
    final Server server;
    final Set<ReadingId> poison;
    final boolean reachable;
    final List<List<PendingReading>> sent = new ArrayList<>();
    final Set<ReadingId> accepted = new HashSet<>();
    int reachabilityChecks;

    Model(Server server, Set<ReadingId> poison, boolean reachable) {
      this.server = server;
      this.poison = poison;
      this.reachable = reachable;
    }

    @Override
    public Answer<String> send(List<PendingReading> part) {
      sent.add(List.copyOf(part));
      boolean fails =
          switch (server) {
            case POISONED -> part.stream().anyMatch(r -> poison.contains(r.id()));
            case BROKEN, BUSY -> true;
          };
      if (fails) {
        return failure(server != Server.BUSY);
      }
      Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
      part.forEach(
          r -> {
            verdicts.put(r.id(), UploadVerdict.ACCEPTED);
            accepted.add(r.id());
          });
      return new Answer.Verdicts<>(verdicts);
    }

    @Override
    public boolean reachable() {
      reachabilityChecks++;
      return reachable;
    }

    @Override
    public boolean stopRequested() {
      return false;
    }
  }

  private static Answer.Failed<String> failure(boolean narrowable) {
    return new Answer.Failed<>("failure", POISON_ANSWER, narrowable);
  }

  /** Up to 128 readings with some attempts behind them, up to three of them poison. */
  private static Gen<Case> cases(int minPoison, int maxPoison) {
    Gen<List<Integer>> attempts = lists().of(integers().between(0, 4)).ofSizeBetween(2, 128);
    return attempts
        .zip(
            lists().of(integers().between(0, 127)).ofSizeBetween(minPoison, maxPoison),
            integers().between(1, 6),
            (tries, picks, maxRetries) -> {
              List<PendingReading> batch =
                  IntStream.range(0, tries.size())
                      .mapToObj(i -> TestReadings.pending(i + 1, tries.get(i)))
                      .toList();
              Set<ReadingId> poison = new HashSet<>();
              picks.forEach(p -> poison.add(batch.get(p % batch.size()).id()));
              return new Case(batch, poison, maxRetries);
            })
        .assuming(c -> c.poison().size() < c.batch().size());
  }

  @Test
  @DisplayName("Property 1: every reading but the poison goes through; each poison is charged once")
  void everyReadingButThePoisonGoesThrough() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(300)
        .forAll(cases(1, 3))
        .checkAssert(
            c -> {
              examples.incrementAndGet();
              Model model = new Model(Server.POISONED, c.poison(), true);
              PoisonSearch.Result<String> result = narrow(c, model, PoisonSearch.MAX_PATIENCE);

              assertEquals(Optional.empty(), result.failure());
              assertEveryReadingOnce(c.batch(), result.outcome());
              Set<ReadingId> synchronize = ids(result.outcome().synchronize());
              for (PendingReading r : c.batch()) {
                assertEquals(!c.poison().contains(r.id()), synchronize.contains(r.id()), "" + r);
              }
              assertEquals(model.accepted, synchronize, "marked exactly what was accepted");
              assertEquals(List.of(), result.outcome().unchanged());
              assertCharged(c, result.outcome());
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("Property 2: a client system that fails everything gets no reading charged")
  void failingEverythingChargesNoReading() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases(0, 3), integers().between(1, PoisonSearch.MAX_PATIENCE))
        .checkAssert(
            (c, patience) -> {
              examples.incrementAndGet();
              Model model = new Model(Server.BROKEN, c.poison(), true);
              PoisonSearch.Result<String> result = narrow(c, model, patience);

              assertEquals(Optional.of("failure"), result.failure());
              assertTrue(result.inconclusive());
              assertUnchanged(c.batch(), result.outcome());
              assertTrue(
                  result.requests() <= patience + 1,
                  result.requests() + " requests with patience " + patience);
              assertEquals(model.sent.size(), result.requests());
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("Property 3: a failure asking to wait, or an unreachable system, stops the search")
  void waitOrUnreachableStopsAtOnce() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases(0, 3), integers().between(0, 1))
        .checkAssert(
            (c, mode) -> {
              examples.incrementAndGet();
              boolean busy = mode == 0;
              Model model = new Model(busy ? Server.BUSY : Server.POISONED, c.poison(), mode != 1);
              PoisonSearch.Result<String> result =
                  PoisonSearch.narrow(
                      c.batch(), failure(!busy), c.maxRetries(), PoisonSearch.MAX_PATIENCE, model);

              assertEquals(Optional.of("failure"), result.failure());
              assertFalse(result.inconclusive());
              assertUnchanged(c.batch(), result.outcome());
              assertEquals(0, result.requests());
              assertEquals(List.of(), model.sent);
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName("Property 4: the search costs a few requests per poison reading, not per reading")
  void requestsGrowWithThePoisonNotTheBatch() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases(1, 3))
        .checkAssert(
            c -> {
              examples.incrementAndGet();
              Model model = new Model(Server.POISONED, c.poison(), true);
              PoisonSearch.Result<String> result = narrow(c, model, PoisonSearch.MAX_PATIENCE);

              int levels = 32 - Integer.numberOfLeadingZeros(c.batch().size() - 1);
              assertTrue(
                  result.requests() <= 2 * c.poison().size() * levels,
                  result.requests() + " requests for " + c);
              assertTrue(model.reachabilityChecks <= 2, "checks: " + model.reachabilityChecks);
              Set<ReadingId> sentTwiceAfterAccepted = new HashSet<>();
              Set<ReadingId> acceptedSoFar = new HashSet<>();
              for (List<PendingReading> part : model.sent) {
                part.stream()
                    .filter(r -> acceptedSoFar.contains(r.id()))
                    .forEach(r -> sentTwiceAfterAccepted.add(r.id()));
                if (part.stream().noneMatch(r -> c.poison().contains(r.id()))) {
                  acceptedSoFar.addAll(ids(part));
                }
              }
              assertEquals(Set.of(), sentTwiceAfterAccepted, "an accepted reading sent again");
            });
    assertAtLeast100(examples);
  }

  private static PoisonSearch.Result<String> narrow(Case c, Model model, int patience) {
    return PoisonSearch.narrow(c.batch(), failure(true), c.maxRetries(), patience, model);
  }

  /** Each poison reading: one more attempt, failed from {@code maxRetries} on, the answer kept. */
  private static void assertCharged(Case c, UploadOutcome outcome) {
    Map<ReadingId, Integer> charged = new HashMap<>();
    for (UploadOutcome.Retry r : outcome.retry()) {
      assertEquals(POISON_ANSWER, r.reason());
      assertTrue(r.attempts() < c.maxRetries(), "retried at " + r.attempts());
      assertEquals(r.reading().attempts() + 1, r.attempts());
      charged.put(r.reading().id(), r.attempts());
    }
    for (UploadOutcome.Failed f : outcome.failed()) {
      assertEquals(POISON_ANSWER, f.reason());
      assertTrue(f.attempts() >= c.maxRetries(), "failed at " + f.attempts());
      assertEquals(f.reading().attempts() + 1, f.attempts());
      charged.put(f.reading().id(), f.attempts());
    }
    assertEquals(c.poison(), charged.keySet());
  }

  private static void assertUnchanged(List<PendingReading> batch, UploadOutcome outcome) {
    assertEquals(List.of(), outcome.synchronize());
    assertEquals(List.of(), outcome.retry());
    assertEquals(List.of(), outcome.failed());
    assertEquals(
        batch, outcome.unchanged().stream().map(UploadOutcome.Unchanged::reading).toList());
  }

  private static void assertEveryReadingOnce(List<PendingReading> batch, UploadOutcome outcome) {
    List<ReadingId> placed = new ArrayList<>(ids(outcome.synchronize()));
    outcome.retry().forEach(r -> placed.add(r.reading().id()));
    outcome.failed().forEach(f -> placed.add(f.reading().id()));
    outcome.unchanged().forEach(u -> placed.add(u.reading().id()));
    assertEquals(batch.size(), placed.size(), "every reading exactly once");
    assertEquals(ids(batch), new HashSet<>(placed));
  }

  private static Set<ReadingId> ids(List<PendingReading> readings) {
    Set<ReadingId> ids = new HashSet<>();
    readings.forEach(r -> ids.add(r.id()));
    return ids;
  }

  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
