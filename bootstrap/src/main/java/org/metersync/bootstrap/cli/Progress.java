package org.metersync.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.metersync.application.BatchListener;
import org.metersync.application.BatchOperation;
import org.metersync.domain.TenantId;
import org.slf4j.LoggerFactory;

/**
 * What {@code demo} and {@code sync --tenant} show while they sync. On a terminal: a live line per
 * tenant, and of the log only warnings and errors unless verbose. Elsewhere (a pipe, a file, CI): a
 * plain line per batch, and the whole log.
 */
final class Progress implements BatchListener, AutoCloseable {

  private static final long REDRAW_MILLIS = 200;
  private static final int DEFAULT_WIDTH = 80;

  private final BatchListener plain;
  private final LiveProgress live;
  private final Logger root;
  private final Level rootLevel;
  private ScheduledExecutorService ticker;
  private PrintStream err;
  private boolean finished;

  private Progress(BatchListener plain, LiveProgress live, boolean verbose) {
    this.plain = requireNonNull(plain, "plain");
    this.live = live;
    this.root =
        live != null
                && !verbose
                && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger r
            ? r
            : null;
    this.rootLevel = root == null ? null : root.getLevel();
    if (root != null) {
      root.setLevel(Level.WARN);
    }
  }

  /** Live when standard output is a terminal; {@code plain} prints a line per batch otherwise. */
  static Progress open(PrintWriter out, boolean verbose, BatchListener plain) {
    return Terminal.isInteractive()
        ? live(new LiveProgress(out, System::nanoTime, width()), verbose, plain)
        : plain(plain);
  }

  static Progress plain(BatchListener plain) {
    return new Progress(plain, null, true);
  }

  static Progress live(LiveProgress live, boolean verbose, BatchListener plain) {
    return new Progress(plain, requireNonNull(live, "live"), verbose);
  }

  boolean isLive() {
    return live != null;
  }

  /** Adds a tenant's live line: {@code uploads} pending, {@code downloads} offered if known. */
  Progress tenant(TenantId tenant, long uploads, OptionalLong downloads) {
    if (live != null) {
      live.tenant(tenant, uploads, downloads);
    }
    return this;
  }

  /** Draws the lines and keeps them current; standard error goes above them meanwhile. */
  synchronized Progress start() {
    if (live == null || ticker != null) {
      return this;
    }
    live.startClock();
    err = System.err;
    // The console appender looks System.err up for every event, so the log follows.
    System.setErr(new PrintStream(live.above(err), true));
    live.redraw();
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "progress-display");
              thread.setDaemon(true);
              return thread;
            });
    ticker.scheduleAtFixedRate(live::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  @Override
  public void batchDone(
      TenantId tenantId, BatchOperation operation, int batchNumber, int readings) {
    if (live != null) {
      live.batchDone(tenantId, operation, batchNumber, readings);
    } else {
      plain.batchDone(tenantId, operation, batchNumber, readings);
    }
  }

  /**
   * Draws the lines a last time and leaves them there, for what is printed next to follow below;
   * standard error is as before. Calling it again does nothing.
   */
  synchronized void finish() {
    if (ticker == null || finished) {
      return;
    }
    finished = true;
    ticker.shutdownNow();
    awaitTicker();
    live.redraw();
    PrintStream above = System.err;
    System.setErr(err);
    above.close();
  }

  /** Finishes, and the log is as verbose as before. */
  @Override
  public synchronized void close() {
    finish();
    if (root != null) {
      root.setLevel(rootLevel);
    }
  }

  private void awaitTicker() {
    try {
      ticker.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The terminal's width if the shell exported it, less one so that no line wraps. */
  private static int width() {
    String columns = System.getenv("COLUMNS");
    try {
      return Math.max(40, Integer.parseInt(columns == null ? "" : columns.trim()) - 1);
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH - 1;
    }
  }
}
