package org.metersync.application.fakes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Threads and waits for tests of the pipelined use cases. */
public final class TestThreads {

  private TestThreads() {}

  /** One daemon thread, so that a test that forgets to shut it down cannot keep the JVM alive. */
  public static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Whether the latch opened within 30 s; a test asserts it, so a missing event fails, not hangs.
   */
  public static boolean opened(CountDownLatch latch) {
    try {
      return latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
