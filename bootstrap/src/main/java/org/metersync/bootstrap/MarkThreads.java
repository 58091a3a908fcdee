package org.metersync.bootstrap;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * The threads that mark uploaded batches while their tenant's next batches are uploaded. Each
 * uploading tenant has at most two marks in flight, so there are never more than two threads per
 * worker; idle ones end after a minute.
 */
@Singleton
public final class MarkThreads implements Executor, AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService pool = Executors.newCachedThreadPool(daemons());

  @Inject
  MarkThreads() {}

  @Override
  public void execute(Runnable mark) {
    pool.execute(mark);
  }

  /** Lets marks in flight finish (each is one statement), then ends the threads. */
  @Override
  public void close() {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory daemons() {
    return task -> {
      Thread thread = new Thread(task, "meter-sync-mark-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
