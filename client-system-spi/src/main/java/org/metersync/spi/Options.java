package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/** Reads a tenant's kind-specific options, with errors that name the tenant and the key. */
public final class Options {

  private final ClientSystemSettings settings;

  /** Fails if {@code settings} has a key outside {@code known}: a typo must not pass silently. */
  public Options(ClientSystemSettings settings, Set<String> known) {
    this.settings = requireNonNull(settings, "settings");
    TreeSet<String> unknown = new TreeSet<>(settings.options().keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "tenant "
              + settings.tenantId()
              + ": unknown options "
              + unknown
              + " for client system kind '"
              + settings.kind()
              + "'; known: "
              + new TreeSet<>(known));
    }
  }

  public String text(String key, String fallback) {
    return settings.option(key, fallback);
  }

  public long positiveLong(String key, long fallback) {
    return wholeNumber(key, fallback, 1, Long.MAX_VALUE);
  }

  /** A whole number in {@code [min, max]}, or {@code fallback} when the option is not set. */
  public long wholeNumber(String key, long fallback, long min, long max) {
    String value = settings.options().get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return SettingValues.wholeNumber(key, value, min, max);
    } catch (InvalidSettingException e) {
      throw invalid(e);
    }
  }

  public boolean bool(String key, boolean fallback) {
    String value = settings.options().get(key);
    if (value == null) {
      return fallback;
    }
    try {
      return SettingValues.bool(key, value);
    } catch (InvalidSettingException e) {
      throw invalid(e);
    }
  }

  /** An error about option {@code key} with value {@code value}. */
  public IllegalArgumentException invalid(String key, String value, String expected) {
    return invalid(new InvalidSettingException(key, value, expected));
  }

  private IllegalArgumentException invalid(InvalidSettingException e) {
    return new IllegalArgumentException(
        "tenant " + settings.tenantId() + ": invalid option " + e.getMessage(), e);
  }
}
