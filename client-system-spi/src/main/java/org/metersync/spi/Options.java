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
    String value = settings.options().get(key);
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw invalid(key, value, "a positive whole number");
  }

  public boolean bool(String key, boolean fallback) {
    String value = settings.options().get(key);
    if (value == null) {
      return fallback;
    }
    return switch (value.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, value, "true or false");
    };
  }

  /** An error about option {@code key} with value {@code value}. */
  public IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(
        "tenant "
            + settings.tenantId()
            + ": option "
            + key
            + "='"
            + value
            + "' is invalid, expected "
            + expected);
  }
}
