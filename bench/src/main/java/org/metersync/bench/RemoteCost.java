package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the loopback client system charges a remote-bound tenant: a time per request and a time per
 * reading in it, spent while the request is handled, as a real server spends them. Every problem is
 * an {@link IllegalArgumentException} whose message names the option.
 *
 * @param perRequest what every request costs, whatever it carries
 * @param perReading what every reading in a request (uploaded or served) costs on top
 * @param name the preset, or {@code custom}
 */
record RemoteCost(Duration perRequest, Duration perReading, String name) {

  // Before the presets: their constructor checks against these.
  static final Duration MAX_PER_REQUEST = Duration.ofSeconds(60);
  static final Duration MAX_PER_READING = Duration.ofSeconds(1);

  /**
   * FROST-Server 2.4.2 on PostgreSQL 15 took about 310 ms per {@code CreateObservations} of 500
   * rows, sent one after the other (issue 12): 10 ms + 500 × 0.6 ms.
   */
  static final RemoteCost FROST_LIKE =
      new RemoteCost(Duration.ofMillis(10), Duration.ofNanos(600_000), "frost-like");

  static final Map<String, RemoteCost> PRESETS = Map.of(FROST_LIKE.name(), FROST_LIKE);

  static final String CUSTOM = "custom";

  private static final Pattern DURATION =
      Pattern.compile("(\\d{1,9}(?:\\.\\d{1,6})?)\\s*(us|µs|ms|s)?");

  RemoteCost {
    requireNonNull(name, "name");
    requireAtMost("--remote-request-cost", perRequest, MAX_PER_REQUEST);
    requireAtMost("--remote-reading-cost", perReading, MAX_PER_READING);
  }

  /** What a request carrying {@code readings} readings costs, in nanoseconds. */
  long nanos(int readings) {
    if (readings < 0) {
      throw new IllegalArgumentException("readings must not be negative, was " + readings);
    }
    return perRequest.toNanos() + readings * perReading.toNanos();
  }

  /**
   * The cost the options ask for: a preset ({@code --remote}), each part replaced by its own option
   * where given; empty when none of the three is given (the bench's client system answers at once).
   */
  static Optional<RemoteCost> of(String preset, String requestCost, String readingCost) {
    if (preset == null && requestCost == null && readingCost == null) {
      return Optional.empty();
    }
    RemoteCost base =
        preset == null ? new RemoteCost(Duration.ZERO, Duration.ZERO, CUSTOM) : preset(preset);
    Duration request =
        requestCost == null
            ? base.perRequest()
            : parseDuration("--remote-request-cost", requestCost);
    Duration reading =
        readingCost == null
            ? base.perReading()
            : parseDuration("--remote-reading-cost", readingCost);
    boolean changed = !request.equals(base.perRequest()) || !reading.equals(base.perReading());
    return Optional.of(new RemoteCost(request, reading, changed ? CUSTOM : base.name()));
  }

  /** The preset of that name. */
  static RemoteCost preset(String name) {
    RemoteCost preset = PRESETS.get(requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT));
    if (preset == null) {
      throw new IllegalArgumentException(
          "--remote must name a preset ("
              + String.join(", ", PRESETS.keySet())
              + "), was '"
              + name
              + "'");
    }
    return preset;
  }

  /** {@code 10ms}, {@code 0.6ms}, {@code 250us}, {@code 1s}, {@code 0}: a number and a unit. */
  static Duration parseDuration(String option, String text) {
    requireNonNull(text, "text");
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches() || (m.group(2) == null && new BigDecimal(m.group(1)).signum() != 0)) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 10ms, 0.6ms, 250us or 1s, was '" + text + "'");
    }
    BigDecimal nanosPerUnit =
        BigDecimal.valueOf(
            switch (m.group(2) == null ? "s" : m.group(2)) {
              case "us", "µs" -> 1_000L;
              case "ms" -> 1_000_000L;
              default -> 1_000_000_000L;
            });
    return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(nanosPerUnit).longValue());
  }

  /** {@code 10 ms per request + 0.6 ms per reading (frost-like)}. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "%s ms per request + %s ms per reading (%s)",
        millis(perRequest),
        millis(perReading),
        name);
  }

  private static String millis(Duration d) {
    return BigDecimal.valueOf(d.toNanos(), 6).stripTrailingZeros().toPlainString();
  }

  private static void requireAtMost(String option, Duration value, Duration max) {
    requireNonNull(value, option);
    if (value.isNegative() || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          option + " must be between 0 and " + millis(max) + " ms, was " + millis(value) + " ms");
    }
  }
}
