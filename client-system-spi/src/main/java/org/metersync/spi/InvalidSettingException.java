package org.metersync.spi;

import static java.util.Objects.requireNonNull;

/** A setting's value that does not parse; says which key, which value and what is expected. */
public final class InvalidSettingException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String key;
  private final String value;
  private final String expected;

  public InvalidSettingException(String key, String value, String expected) {
    super(requireNonNull(key, "key") + " = '" + value + "': expected " + expected);
    this.key = key;
    this.value = value;
    this.expected = requireNonNull(expected, "expected");
  }

  public String key() {
    return key;
  }

  public String value() {
    return value;
  }

  /** What would have been accepted, e.g. {@code a whole number between 1 and 10}. */
  public String expected() {
    return expected;
  }
}
