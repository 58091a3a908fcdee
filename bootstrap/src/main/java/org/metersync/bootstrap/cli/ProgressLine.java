package org.metersync.bootstrap.cli;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * One tenant's progress as one line: a bar, readings done of total, readings per second and the
 * time left. Without a download total (a client system does not say how much it offers), the bar
 * and the time left are the upload's.
 *
 * @param elapsed from the start to now, or to the last batch once everything is done
 */
record ProgressLine(
    String tenant,
    long uploaded,
    long uploadTotal,
    long downloaded,
    OptionalLong downloadTotal,
    Duration elapsed) {

  static final int BAR = 20;

  ProgressLine {
    requireNonNull(tenant, "tenant");
    requireNonNull(downloadTotal, "downloadTotal");
    requireNonNull(elapsed, "elapsed");
  }

  /** Whether every reading of a known total is done. */
  boolean complete() {
    return downloadTotal.isPresent() && remaining() == 0;
  }

  /** The line, the tenant padded to {@code tenantWidth}, cut to {@code width} characters. */
  String render(int tenantWidth, int width) {
    String line =
        String.format(
                Locale.ROOT,
                "%-" + tenantWidth + "s  %s %s  %s  %s",
                tenant,
                bar(),
                counts(),
                rate(),
                timeLeft())
            .stripTrailing();
    return line.length() <= width ? line : line.substring(0, width);
  }

  private long remaining() {
    long uploadsLeft = Math.max(0, uploadTotal - uploaded);
    return downloadTotal.isPresent()
        ? uploadsLeft + Math.max(0, downloadTotal.getAsLong() - downloaded)
        : uploadsLeft;
  }

  private long done() {
    return uploaded + downloaded;
  }

  private String bar() {
    long total = uploadTotal + downloadTotal.orElse(0);
    long done = Math.min(total, Math.min(uploaded, uploadTotal) + downloadedOfTotal());
    int filled = total == 0 ? BAR : (int) (BAR * done / total);
    return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
  }

  private long downloadedOfTotal() {
    return downloadTotal.isPresent() ? Math.min(downloaded, downloadTotal.getAsLong()) : 0;
  }

  private String counts() {
    if (downloadTotal.isPresent()) {
      long total = uploadTotal + downloadTotal.getAsLong();
      return Math.min(done(), total) + "/" + total;
    }
    return Math.min(uploaded, uploadTotal) + "/" + uploadTotal + " up, " + downloaded + " down";
  }

  private String rate() {
    if (done() == 0 || elapsed.isZero()) {
      return "- readings/s";
    }
    return Math.round(perSecond()) + " readings/s";
  }

  private double perSecond() {
    return done() * 1e9 / elapsed.toNanos();
  }

  private String timeLeft() {
    if (complete()) {
      return "done in " + duration(elapsed);
    }
    long remaining = remaining();
    if (remaining == 0 || done() == 0 || elapsed.isZero()) {
      return "";
    }
    return "~"
        + duration(Duration.ofMillis((long) Math.ceil(remaining * 1000 / perSecond())))
        + " left";
  }

  static String duration(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 10) {
      return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
    if (seconds < 60) {
      return seconds + " s";
    }
    return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
  }
}
