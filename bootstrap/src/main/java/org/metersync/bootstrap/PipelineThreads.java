package org.metersync.bootstrap;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.MDC;

/**
 * The threads that overlap a tenant's database work with its client-system calls: marks of uploaded
 * batches while the next batches are uploaded, and the fetch of the next download page while the
 * last is stored. A cycle has at most two tasks on them at a time, so there are never more than two
 * threads per worker; idle ones end after a minute. A task runs with the log context (MDC) of the
 * thread that handed it over, so its lines name the tenant, cycle and batch it works for.
 */
@Singleton
public final class PipelineThreads implements Executor, AutoCloseable {

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService pool = Executors.newCachedThreadPool(daemons());

  @Inject
  public PipelineThreads() {}

  @Override
  public void execute(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    pool.execute(() -> runWith(context, task));
  }

  private static void runWith(Map<String, String> context, Runnable task) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
    try {
      task.run();
    } finally {
      MDC.clear();
    }
  }

  /** Lets tasks in flight finish (a statement or a request each), then ends the threads. */
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
      Thread thread = new Thread(task, "meter-sync-pipeline-" + THREADS.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
