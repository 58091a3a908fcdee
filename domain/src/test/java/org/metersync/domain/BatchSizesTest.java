package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchSizesTest {

  @Test
  void defaults_areTheSeedValues() {
    assertEquals(new BatchSizes(1000, 100), BatchSizes.DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 100, 9_999, 10_000})
  void constructor_sizeInRange_isKept(int size) {
    BatchSizes sizes = new BatchSizes(size, size);

    assertEquals(size, sizes.download());
    assertEquals(size, sizes.upload());
  }

  @ParameterizedTest
  @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 10_001, Integer.MAX_VALUE})
  void constructor_downloadOutOfRange_throwsNamingDownload(int size) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BatchSizes(size, 100));

    assertEquals("download_batch_size must be between 1 and 10000, was " + size, e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 0, 10_001})
  void constructor_uploadOutOfRange_throwsNamingUpload(int size) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BatchSizes(1000, size));

    assertEquals("upload_batch_size must be between 1 and 10000, was " + size, e.getMessage());
  }

  @Test
  void isValid_boundaries_matchTheRange() {
    assertFalse(BatchSizes.isValid(0));
    assertTrue(BatchSizes.isValid(1));
    assertTrue(BatchSizes.isValid(10_000));
    assertFalse(BatchSizes.isValid(10_001));
  }

  @Test
  void resolve_validValues_keepsThemWithoutProblems() {
    BatchSizes.Resolution resolution = BatchSizes.resolve(5000, 250);

    assertEquals(new BatchSizes(5000, 250), resolution.sizes());
    assertEquals(List.of(), resolution.problems());
    assertFalse(resolution.usedDefaults());
  }

  @Test
  void resolve_boundaryValues_keepsThem() {
    assertEquals(new BatchSizes(1, 10_000), BatchSizes.resolve(1, 10_000).sizes());
    assertEquals(new BatchSizes(10_000, 1), BatchSizes.resolve(10_000, 1).sizes());
  }

  @Test
  void resolve_bothMissing_usesDefaultsWithTwoWarnings() {
    BatchSizes.Resolution resolution = BatchSizes.resolve(null, null);

    assertEquals(BatchSizes.DEFAULTS, resolution.sizes());
    assertTrue(resolution.usedDefaults());
    assertEquals(
        List.of(
            new BatchSizeProblem(
                "download_batch_size",
                null,
                1000,
                BatchSizeProblem.Severity.WARNING,
                "download_batch_size is not configured; using the default 1000"),
            new BatchSizeProblem(
                "upload_batch_size",
                null,
                100,
                BatchSizeProblem.Severity.WARNING,
                "upload_batch_size is not configured; using the default 100")),
        resolution.problems());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10_001})
  void resolve_invalidDownload_usesDefaultWithErrorNamingTheColumn(int stored) {
    BatchSizes.Resolution resolution = BatchSizes.resolve(stored, 250);

    assertEquals(new BatchSizes(1000, 250), resolution.sizes());
    BatchSizeProblem problem = onlyProblem(resolution);
    assertEquals("download_batch_size", problem.column());
    assertEquals(stored, problem.storedValue());
    assertEquals(1000, problem.defaultUsed());
    assertEquals(BatchSizeProblem.Severity.ERROR, problem.severity());
    assertEquals(
        "download_batch_size is " + stored + ", outside 1..10000; using the default 1000",
        problem.message());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 10_001})
  void resolve_invalidUpload_usesDefaultWithErrorNamingTheColumn(int stored) {
    BatchSizes.Resolution resolution = BatchSizes.resolve(2000, stored);

    assertEquals(new BatchSizes(2000, 100), resolution.sizes());
    BatchSizeProblem problem = onlyProblem(resolution);
    assertEquals("upload_batch_size", problem.column());
    assertEquals(BatchSizeProblem.Severity.ERROR, problem.severity());
    assertEquals(
        "upload_batch_size is " + stored + ", outside 1..10000; using the default 100",
        problem.message());
  }

  @Test
  void resolve_missingUploadInvalidDownload_reportsBothWithTheirSeverity() {
    BatchSizes.Resolution resolution = BatchSizes.resolve(0, null);

    assertEquals(BatchSizes.DEFAULTS, resolution.sizes());
    assertEquals(2, resolution.problems().size());
    assertEquals(BatchSizeProblem.Severity.ERROR, resolution.problems().get(0).severity());
    assertEquals(BatchSizeProblem.Severity.WARNING, resolution.problems().get(1).severity());
  }

  @Test
  void resolution_problems_areImmutable() {
    BatchSizes.Resolution resolution = BatchSizes.resolve(null, 100);

    assertThrows(UnsupportedOperationException.class, () -> resolution.problems().clear());
  }

  @Test
  void batchSizeProblem_missingValue_hasNoStoredValue() {
    assertNull(onlyProblem(BatchSizes.resolve(1000, null)).storedValue());
  }

  private static BatchSizeProblem onlyProblem(BatchSizes.Resolution resolution) {
    assertEquals(1, resolution.problems().size(), () -> "problems: " + resolution.problems());
    return resolution.problems().get(0);
  }
}
