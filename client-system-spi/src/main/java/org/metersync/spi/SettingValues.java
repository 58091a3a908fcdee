package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses settings' values: the service's configuration and a client system's options take the same
 * spellings and fail with the same words. Values are trimmed first.
 */
public final class SettingValues {

  private SettingValues() {}

  /**
   * {@code true} or {@code false}; {@code yes}/{@code no} and {@code on}/{@code off} too, any case.
   */
  public static boolean bool(String key, String value) {
    return switch (trimmed(value).toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default ->
          throw new InvalidSettingException(
              key, value, "true or false (yes/no and on/off are accepted too)");
    };
  }

  /** A whole number in {@code [min, max]}. */
  public static long wholeNumber(String key, String value, long min, long max) {
    return parse(key, value, min, max, wholeNumberBetween(min, max));
  }

  /** A whole number in {@code [min, max]}. */
  public static int integer(String key, String value, int min, int max) {
    return (int) wholeNumber(key, value, min, max);
  }

  /** A duration written in whole milliseconds, in {@code [minMillis, maxMillis]}. */
  public static Duration millis(String key, String value, long minMillis, long maxMillis) {
    return Duration.ofMillis(
        parse(
            key,
            value,
            minMillis,
            maxMillis,
            "milliseconds between " + minMillis + " and " + maxMillis));
  }

  private static long parse(String key, String value, long min, long max, String expected) {
    if (min > max) {
      throw new IllegalArgumentException("empty range for " + key + ": " + min + ".." + max);
    }
    long parsed;
    try {
      parsed = Long.parseLong(trimmed(value));
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(key, value, expected);
    }
    if (parsed < min || parsed > max) {
      throw new InvalidSettingException(key, value, expected);
    }
    return parsed;
  }

  private static String wholeNumberBetween(long min, long max) {
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return min == 1 ? "a positive whole number" : "a whole number of at least " + min;
    }
    return "a whole number between " + min + " and " + max;
  }

  private static String trimmed(String value) {
    return requireNonNull(value, "value").trim();
  }
}
