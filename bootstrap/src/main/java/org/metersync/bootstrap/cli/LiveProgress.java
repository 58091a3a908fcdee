package org.metersync.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.metersync.application.BatchListener;
import org.metersync.application.BatchOperation;
import org.metersync.domain.TenantId;

/**
 * A block of one progress line per tenant at the bottom of a terminal, redrawn in place with ANSI
 * cursor movement. Anything else written while it shows (a warning on standard error) goes above
 * it: the block is erased, the text written, the block drawn again below.
 */
final class LiveProgress implements BatchListener {

  static final String CSI = "\033[";

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final int width;
  private final Map<TenantId, Counts> tenants = new LinkedHashMap<>();
  private long start;
  private int drawn;

  LiveProgress(PrintWriter out, LongSupplier nanoTime, int width) {
    this.out = requireNonNull(out, "out");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
    if (width < 20) {
      throw new IllegalArgumentException("width must be at least 20, was " + width);
    }
    this.width = width;
    this.start = nanoTime.getAsLong();
  }

  /** Adds a tenant's line; before the first batch. */
  synchronized LiveProgress tenant(TenantId tenant, long uploads, OptionalLong downloads) {
    tenants.put(tenant, new Counts(uploads, downloads));
    return this;
  }

  /** Rates and times are measured from now. */
  synchronized void startClock() {
    start = nanoTime.getAsLong();
  }

  @Override
  public synchronized void batchDone(
      TenantId tenantId, BatchOperation operation, int batchNumber, int readings) {
    Counts counts = tenants.get(tenantId);
    // An empty page (nothing new to download) ends no work.
    if (counts == null || readings == 0) {
      return;
    }
    if (operation == BatchOperation.UPLOAD) {
      counts.uploaded += readings;
    } else {
      counts.downloaded += readings;
    }
    counts.lastBatch = nanoTime.getAsLong();
  }

  /** The lines as they would be drawn now. */
  synchronized List<String> frame() {
    int tenantWidth = tenants.keySet().stream().mapToInt(t -> t.value().length()).max().orElse(0);
    long now = nanoTime.getAsLong();
    List<String> lines = new ArrayList<>(tenants.size());
    tenants.forEach(
        (tenant, counts) -> lines.add(counts.line(tenant, now).render(tenantWidth, width)));
    return lines;
  }

  /** Draws the block over the one drawn before. */
  synchronized void redraw() {
    StringBuilder text = new StringBuilder(erase(false));
    for (String line : frame()) {
      text.append(CSI).append("2K").append(line).append('\n');
    }
    drawn = tenants.size();
    out.print(text);
    out.flush();
  }

  /** Writes {@code text} (whole lines) to {@code target} above the block, then redraws it. */
  synchronized void printAbove(PrintStream target, byte[] text) {
    out.print(erase(true));
    out.flush();
    drawn = 0;
    target.write(text, 0, text.length);
    target.flush();
    redraw();
  }

  /**
   * A stream that writes whole lines to {@code target} above the block; a partial line waits for
   * its end, or for {@code close}.
   */
  OutputStream above(PrintStream target) {
    return new OutputStream() {
      private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

      @Override
      public synchronized void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public synchronized void write(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && b[end - 1] != '\n') {
          end--;
        }
        if (end == off) {
          pending.write(b, off, len);
          return;
        }
        pending.write(b, off, end - off);
        emit();
        pending.write(b, end, off + len - end);
      }

      @Override
      public synchronized void close() {
        if (pending.size() > 0) {
          pending.write('\n');
          emit();
        }
      }

      private void emit() {
        printAbove(target, pending.toByteArray());
        pending.reset();
      }
    };
  }

  /** Back to the block's first line; with {@code clear}, everything from there down erased. */
  private String erase(boolean clear) {
    if (drawn == 0) {
      return "";
    }
    return "\r" + CSI + drawn + "A" + (clear ? CSI + "J" : "");
  }

  private final class Counts {
    final long uploadTotal;
    final OptionalLong downloadTotal;
    long uploaded;
    long downloaded;
    long lastBatch;

    Counts(long uploadTotal, OptionalLong downloadTotal) {
      this.uploadTotal = uploadTotal;
      this.downloadTotal = requireNonNull(downloadTotal, "downloadTotal");
    }

    ProgressLine line(TenantId tenant, long now) {
      ProgressLine running = at(tenant, now);
      // Once done, the rate and time stay those of the last batch.
      return running.complete() ? at(tenant, lastBatch) : running;
    }

    private ProgressLine at(TenantId tenant, long instant) {
      return new ProgressLine(
          tenant.value(),
          uploaded,
          uploadTotal,
          downloaded,
          downloadTotal,
          Duration.ofNanos(Math.max(0, instant - start)));
    }
  }
}
