package org.metersync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The peak heap use while a scenario runs: a daemon thread reads {@link MemoryMXBean}'s heap "used"
 * every {@value #INTERVAL_MS} ms. "Used" includes garbage not yet collected, so the figure is an
 * upper bound of what the scenario keeps, and depends on the heap size and the collector.
 */
final class HeapSampler implements AutoCloseable {

  static final long INTERVAL_MS = 5;
  private static final double MIB = 1024.0 * 1024.0;

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peak;

  private HeapSampler() {
    sample();
    thread = new Thread(this::run, "bench-heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  /** Collects garbage, so that the previous scenario's is not counted, then starts sampling. */
  static HeapSampler start() {
    System.gc();
    return new HeapSampler();
  }

  private void run() {
    while (running) {
      sample();
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    if (used > peak) {
      peak = used;
    }
  }

  /** Stops sampling and returns the peak in MiB. */
  double stop() {
    running = false;
    thread.interrupt();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
    return peak / MIB;
  }

  @Override
  public void close() {
    stop();
  }
}
