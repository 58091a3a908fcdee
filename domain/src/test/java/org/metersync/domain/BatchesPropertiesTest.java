package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class BatchesPropertiesTest {

  private static Gen<List<Integer>> items() {
    return lists().of(integers().all()).ofSizeBetween(0, 400);
  }

  /** Mostly small sizes so that lists split into many batches, sometimes huge or extreme ones. */
  private static Gen<Integer> sizes() {
    Gen<Integer> extremes = Generate.pick(List.of(Integer.MAX_VALUE, Integer.MAX_VALUE - 1));
    return integers().between(1, 40).mix(integers().allPositive(), 20).mix(extremes, 10);
  }

  @Test
  @DisplayName(
      "Batches.split: concatenation equals input, batches at most N, only the last smaller")
  void splitKeepsOrderAndRespectsSize() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(300)
        .forAll(items(), sizes())
        .checkAssert(
            (items, size) -> {
              examples.incrementAndGet();
              List<List<Integer>> batches = Batches.split(items, size);

              assertEquals(items, batches.stream().flatMap(List::stream).toList());
              for (int i = 0; i < batches.size(); i++) {
                int batchSize = batches.get(i).size();
                assertTrue(batchSize >= 1 && batchSize <= size, "batch " + i + ": " + batchSize);
                if (i < batches.size() - 1) {
                  assertEquals(size, batchSize, "only the last batch may be smaller");
                }
              }
              assertEquals(
                  items.size() / size + (items.size() % size == 0 ? 0 : 1), batches.size());
            });
    assertAtLeast100(examples);
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
