package org.metersync.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class PipelineThreadsTest {

  private final PipelineThreads threads = new PipelineThreads();

  @AfterEach
  void close() {
    threads.close();
    MDC.clear();
  }

  @Test
  void execute_taskRunsWithTheLogContextOfTheThreadThatHandedItOver() {
    MDC.put("tenant", "t-1");
    MDC.put("batch", "3");

    CompletableFuture<Map<String, String>> seen =
        CompletableFuture.supplyAsync(PipelineThreadsTest::context, threads);
    CompletableFuture<String> thread =
        CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), threads);

    assertEquals(Map.of("tenant", "t-1", "batch", "3"), seen.join());
    assertNotEquals(Thread.currentThread().getName(), thread.join());
  }

  @Test
  void execute_withoutLogContext_taskSeesNoneLeftByAnEarlierTask() {
    MDC.put("tenant", "t-1");
    CompletableFuture.supplyAsync(PipelineThreadsTest::context, threads).join();
    MDC.clear();

    assertEquals(
        Map.of(), CompletableFuture.supplyAsync(PipelineThreadsTest::context, threads).join());
  }

  private static Map<String, String> context() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null ? Map.of() : copy;
  }
}
