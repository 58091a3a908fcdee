package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class SystematicRejectionPropertiesTest {

  /**
   * One reading's answer: 0 accepted, 1 already present, 2 left out, 3 and up rejected with one of
   * a few reasons (few, so that batches sharing one reason come up often).
   */
  private static Gen<List<Integer>> answers() {
    return lists().of(integers().between(0, 5)).ofSizeBetween(0, 60);
  }

  @Test
  @DisplayName(
      "SystematicRejection.of: present exactly when every rejected reading shares one reason and"
          + " they are at least two and at least half the decided readings, with their reason"
          + " and counts")
  void systematicExactlyWhenOneReasonAtLeastTwoAndAtLeastHalf() {
    AtomicInteger examples = new AtomicInteger();
    AtomicInteger systematic = new AtomicInteger();
    qt().withExamples(400)
        .forAll(answers(), integers().between(1, 6), integers().between(0, 5))
        .checkAssert(
            (drawn, maxRetries, oneReason) -> {
              examples.incrementAndGet();
              // Most examples give every rejected reading one reason, so systematic batches come
              // up in every run, not only when the draw happens to make them.
              List<Integer> answers =
                  oneReason < 2 ? drawn : drawn.stream().map(a -> a >= 2 ? oneReason : a).toList();
              List<PendingReading> batch =
                  IntStream.range(0, answers.size())
                      .mapToObj(i -> TestReadings.pending(i, i % 4))
                      .toList();
              UploadOutcome outcome =
                  UploadOutcome.decide(batch, verdicts(batch, answers), maxRetries);

              Set<String> reasons =
                  IntStream.range(0, answers.size())
                      .filter(i -> answers.get(i) >= 2)
                      .mapToObj(i -> reason(answers.get(i)))
                      .collect(Collectors.toSet());
              long rejected = answers.stream().filter(a -> a >= 2).count();
              boolean expected =
                  reasons.size() == 1 && rejected >= 2 && rejected * 2 >= answers.size();

              Optional<SystematicRejection> found = SystematicRejection.of(outcome);
              assertEquals(expected, found.isPresent(), "answers " + answers);
              if (expected) {
                systematic.incrementAndGet();
                assertEquals(
                    new SystematicRejection(
                        reasons.iterator().next(), (int) rejected, answers.size()),
                    found.get());
              }
            });
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
    assertTrue(systematic.get() > 0, "no example was systematic");
  }

  private static Map<ReadingId, UploadVerdict> verdicts(
      List<PendingReading> batch, List<Integer> answers) {
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    for (int i = 0; i < batch.size(); i++) {
      int answer = answers.get(i);
      ReadingId id = batch.get(i).id();
      if (answer == 0) {
        verdicts.put(id, UploadVerdict.ACCEPTED);
      } else if (answer == 1) {
        verdicts.put(id, UploadVerdict.ALREADY_PRESENT);
      } else if (answer >= 3) {
        verdicts.put(id, UploadVerdict.rejected(reason(answer)));
      }
    }
    return verdicts;
  }

  /** The reason the rule sees for an answer: a left-out reading has the "no result" reason. */
  private static String reason(int answer) {
    return answer == 2 ? UploadOutcome.NO_RESULT : "reason " + (answer - 3);
  }
}
