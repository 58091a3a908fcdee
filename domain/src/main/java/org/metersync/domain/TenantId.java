package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/** Identifies a tenant: a utility customer with its own client system. */
public record TenantId(String value) {

  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public TenantId {
    requireNonNull(value, "tenant id");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or"
              + " digit: '"
              + value
              + "'");
    }
  }

  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
