package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

class BatchSizesPropertiesTest {

  /**
   * A stored column value: missing, out of range on either side, or valid (boundaries included).
   */
  private static Gen<Optional<Integer>> storedValues() {
    Gen<Integer> valid = integers().between(BatchSizes.MIN, BatchSizes.MAX);
    Gen<Integer> tooSmall = integers().between(Integer.MIN_VALUE, 0);
    Gen<Integer> tooLarge = integers().between(BatchSizes.MAX + 1, Integer.MAX_VALUE);
    Gen<Integer> boundaries = Generate.pick(List.of(-1, 0, 1, 10_000, 10_001));
    return Generate.oneOf(valid, tooSmall, tooLarge, boundaries).toOptionals(20);
  }

  @Test
  @DisplayName("Property 2: batch size defaults applied")
  void batchSizeDefaultsApplied() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(500)
        .forAll(storedValues(), storedValues())
        .checkAssert(
            (download, upload) -> {
              examples.incrementAndGet();
              BatchSizes.Resolution resolution =
                  BatchSizes.resolve(download.orElse(null), upload.orElse(null));

              assertEquals(
                  expected(download, BatchSizes.DEFAULT_DOWNLOAD), resolution.sizes().download());
              assertEquals(
                  expected(upload, BatchSizes.DEFAULT_UPLOAD), resolution.sizes().upload());
              List<BatchSizeProblem> problems = resolution.problems();
              int expectedProblems = (usable(download) ? 0 : 1) + (usable(upload) ? 0 : 1);
              assertEquals(expectedProblems, problems.size(), problems::toString);
              assertEquals(expectedProblems > 0, resolution.usedDefaults());
              problemFor(problems, "download_batch_size")
                  .ifPresentOrElse(
                      p -> assertProblem(p, download, BatchSizes.DEFAULT_DOWNLOAD),
                      () -> assertEquals(true, usable(download)));
              problemFor(problems, "upload_batch_size")
                  .ifPresentOrElse(
                      p -> assertProblem(p, upload, BatchSizes.DEFAULT_UPLOAD),
                      () -> assertEquals(true, usable(upload)));
            });
    assertAtLeast100(examples);
  }

  private static boolean usable(Optional<Integer> stored) {
    return stored.isPresent() && BatchSizes.isValid(stored.get());
  }

  private static int expected(Optional<Integer> stored, int fallback) {
    return usable(stored) ? stored.get() : fallback;
  }

  private static Optional<BatchSizeProblem> problemFor(
      List<BatchSizeProblem> problems, String column) {
    return problems.stream().filter(p -> p.column().equals(column)).findFirst();
  }

  /** A missing value is a warning, an out-of-range one an error; both name the column. */
  private static void assertProblem(
      BatchSizeProblem problem, Optional<Integer> stored, int fallback) {
    assertEquals(fallback, problem.defaultUsed());
    assertEquals(true, problem.message().startsWith(problem.column() + " is "));
    assertEquals(true, problem.message().endsWith("using the default " + fallback));
    if (stored.isEmpty()) {
      assertEquals(BatchSizeProblem.Severity.WARNING, problem.severity());
      assertNull(problem.storedValue());
    } else {
      assertEquals(BatchSizeProblem.Severity.ERROR, problem.severity());
      assertEquals(stored.get(), problem.storedValue());
    }
  }

  /**
   * QuickTheories stops early once it keeps generating values it has tried; make sure it did not.
   */
  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
