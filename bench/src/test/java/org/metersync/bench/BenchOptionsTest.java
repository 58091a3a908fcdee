package org.metersync.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void of_defaults_parsesTheDefaultList() {
    BenchOptions options =
        BenchOptions.of(100_000, BenchOptions.DEFAULT_UPLOAD_BATCH_SIZES, 1000, null, null);

    assertEquals(List.of(10, 100, 1000, 5000), options.uploadBatchSizes());
    assertEquals(Optional.empty(), options.json());
    assertEquals(Optional.empty(), options.chart());
    assertEquals(10_000, options.warmupReadings());
  }

  @Test
  void parseBatchSizes_unorderedWithRepeatsAndSpaces_ascendingEachOnce() {
    assertEquals(List.of(5, 100, 1000), BenchOptions.parseBatchSizes(" 1000, 5,100 ,5"));
  }

  @Test
  void parseBatchSizes_notANumber_namesTheOptionAndTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parseBatchSizes("10,ten"));

    assertTrue(e.getMessage().startsWith("--upload-batch-sizes"), e.getMessage());
    assertTrue(e.getMessage().contains("'ten'"), e.getMessage());
  }

  @Test
  void parseBatchSizes_emptyElement_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parseBatchSizes("10,,100"));

    assertTrue(e.getMessage().startsWith("--upload-batch-sizes"), e.getMessage());
  }

  @Test
  void parseBatchSizes_outOfRange_namesTheOptionAndTheLimits() {
    for (String sizes : List.of("0", "10,10001", "-5")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> BenchOptions.parseBatchSizes(sizes));

      assertTrue(e.getMessage().startsWith("--upload-batch-sizes"), e.getMessage());
      assertTrue(e.getMessage().contains("between 1 and 10000"), e.getMessage());
    }
  }

  @Test
  void of_readingsOutOfRange_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BenchOptions.of(0, "100", 1000, null, null));

    assertTrue(e.getMessage().startsWith("--readings"), e.getMessage());
  }

  @Test
  void of_downloadBatchSizeOutOfRange_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> BenchOptions.of(1000, "100", 20_000, null, null));

    assertTrue(e.getMessage().startsWith("--download-batch-size"), e.getMessage());
  }

  @Test
  void of_chartNotPng_namesTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BenchOptions.of(1000, "100", 1000, null, Path.of("chart.svg")));

    assertTrue(e.getMessage().startsWith("--chart"), e.getMessage());
  }

  @Test
  void of_repeatOutOfRange_namesTheOptionAndTheLimits() {
    for (int repeat : new int[] {0, -1, 26}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> BenchOptions.of(1000, "100", 1000, null, null, repeat));

      assertEquals("--repeat must be between 1 and 25, was " + repeat, e.getMessage());
    }
    assertEquals(25, BenchOptions.of(1000, "100", 1000, null, null, 25).repeat());
  }

  @Test
  void warmupReadings_isATenthBetween1000And20000_neverMoreThanTheRun() {
    assertEquals(500, BenchOptions.of(500, "100", 1000, null, null).warmupReadings());
    assertEquals(1000, BenchOptions.of(2000, "100", 1000, null, null).warmupReadings());
    assertEquals(5000, BenchOptions.of(50_000, "100", 1000, null, null).warmupReadings());
    assertEquals(20_000, BenchOptions.of(1_000_000, "100", 1000, null, null).warmupReadings());
  }

  @Test
  void of_defaults_synchronousCommitOnAndNoHistory() {
    BenchOptions options = BenchOptions.of(1000, "100", 1000, null, null, 1);

    assertTrue(options.synchronousCommit());
    assertEquals(0, options.history());
    assertEquals(0, options.historyTenants());
  }

  @Test
  void parseSynchronousCommit_onOrOffInAnyCase_parsed() {
    assertTrue(BenchOptions.parseSynchronousCommit("on"));
    assertTrue(BenchOptions.parseSynchronousCommit(" ON "));
    assertEquals(false, BenchOptions.parseSynchronousCommit("off"));
    assertEquals(
        false, BenchOptions.of(1000, "100", 1000, null, null, 1, "Off", 0).synchronousCommit());
  }

  @Test
  void parseSynchronousCommit_anythingElse_namesTheOptionAndTheValue() {
    for (String text : List.of("local", "true", "")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> BenchOptions.parseSynchronousCommit(text));

      assertEquals("--synchronous-commit must be on or off, was '" + text + "'", e.getMessage());
    }
  }

  @Test
  void of_historyOutOfRange_namesTheOptionAndTheLimits() {
    for (long history : new long[] {-1, BenchOptions.MAX_HISTORY + 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> BenchOptions.of(1000, "100", 1000, null, null, 1, "on", history));

      assertEquals("--history must be between 0 and 1000000000, was " + history, e.getMessage());
    }
  }

  @Test
  void historyTenants_aThousandOrOnePerReading() {
    assertEquals(
        1000, BenchOptions.of(1000, "100", 1000, null, null, 1, "on", 10_000_000).historyTenants());
    assertEquals(
        1000, BenchOptions.of(1000, "100", 1000, null, null, 1, "on", 1000).historyTenants());
    assertEquals(
        250, BenchOptions.of(1000, "100", 1000, null, null, 1, "on", 250).historyTenants());
  }

  @Test
  void defaultReadings_remoteBound_aTenthOfTheUsual() {
    assertEquals(100_000, BenchOptions.defaultReadings(false));
    assertEquals(10_000, BenchOptions.defaultReadings(true));
  }

  @Test
  void withRemote_cost_keepsEveryOtherOption() {
    BenchOptions options = BenchOptions.of(2000, "10,500", 1000, null, null, 2, "off", 5);

    BenchOptions remote = options.withRemote(Optional.of(RemoteCost.FROST_LIKE));

    assertEquals(Optional.of(RemoteCost.FROST_LIKE), remote.remote());
    assertEquals(Optional.empty(), options.remote());
    assertEquals(options, remote.withRemote(Optional.empty()));
  }
}
