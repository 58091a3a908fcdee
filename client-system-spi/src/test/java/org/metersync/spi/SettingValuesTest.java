package org.metersync.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.domain.TenantId;

class SettingValuesTest {

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", " yes ", "On"})
  void bool_trueSpellings_true(String value) {
    assertTrue(SettingValues.bool("k", value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "False", "no", "OFF "})
  void bool_falseSpellings_false(String value) {
    assertFalse(SettingValues.bool("k", value));
  }

  @Test
  void bool_otherWord_namesKeyValueAndWhatIsExpected() {
    InvalidSettingException e =
        assertThrows(InvalidSettingException.class, () -> SettingValues.bool("flag", "maybe"));

    assertEquals(
        "flag = 'maybe': expected true or false (yes/no and on/off are accepted too)",
        e.getMessage());
  }

  @Test
  void wholeNumber_withinRange_parsedAndTrimmed() {
    assertEquals(10_000, SettingValues.integer("size", " 10000 ", 1, 10_000));
    assertEquals(1, SettingValues.wholeNumber("size", "1", 1, Long.MAX_VALUE));
  }

  @Test
  void wholeNumber_outsideRangeOrNotANumber_namesTheRange() {
    InvalidSettingException high =
        assertThrows(
            InvalidSettingException.class, () -> SettingValues.integer("size", "10001", 1, 10_000));
    InvalidSettingException word =
        assertThrows(
            InvalidSettingException.class, () -> SettingValues.integer("size", "lots", 1, 10_000));
    InvalidSettingException zero =
        assertThrows(
            InvalidSettingException.class,
            () -> SettingValues.wholeNumber("bytes", "0", 1, Long.MAX_VALUE));

    assertEquals("size = '10001': expected a whole number between 1 and 10000", high.getMessage());
    assertEquals("size = 'lots': expected a whole number between 1 and 10000", word.getMessage());
    assertEquals("bytes = '0': expected a positive whole number", zero.getMessage());
  }

  @Test
  void integer_beyondIntRange_refusedNotWrapped() {
    assertThrows(
        InvalidSettingException.class,
        () -> SettingValues.integer("n", "4294967297", 0, Integer.MAX_VALUE));
  }

  @Test
  void millis_withinRange_durationElseNamesMilliseconds() {
    assertEquals(Duration.ofMillis(250), SettingValues.millis("t", "250", 250, 600_000));

    InvalidSettingException e =
        assertThrows(
            InvalidSettingException.class, () -> SettingValues.millis("t", "249", 250, 600_000));
    assertEquals("t = '249': expected milliseconds between 250 and 600000", e.getMessage());
  }

  @Test
  void options_sameSpellingsAsTheConfiguration_errorNamesTenant() {
    Options options =
        new Options(
            new ClientSystemSettings(
                TenantId.of("acme"),
                "k",
                "http://x/",
                Optional.empty(),
                Map.of("flag", "yes", "bad", "sometimes", "n", "7")),
            Set.of("flag", "bad", "n"));

    assertTrue(options.bool("flag", false));
    assertEquals(7, options.wholeNumber("n", 1, 1, 10));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> options.bool("bad", false));
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class, () -> options.wholeNumber("n", 1, 1, 5));
    assertEquals(
        "tenant acme: invalid option bad = 'sometimes': expected true or false (yes/no and on/off"
            + " are accepted too)",
        bad.getMessage());
    assertEquals(
        "tenant acme: invalid option n = '7': expected a whole number between 1 and 5",
        range.getMessage());
  }
}
