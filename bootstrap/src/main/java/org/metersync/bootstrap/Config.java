package org.metersync.bootstrap;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.metersync.spi.InvalidSettingException;
import org.metersync.spi.SettingValues;

/**
 * Raw configuration: a properties file with environment overrides. Every key {@code a.bKey} can be
 * overridden by the variable {@code METERSYNC_A_B_KEY}. Typed getters fail with a message naming
 * the key and what was wrong.
 */
public final class Config {

  private static final Pattern CAMEL = Pattern.compile("([a-z0-9])([A-Z])");

  private final Properties file;
  private final Map<String, String> environment;
  private final String origin;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();

  public Config(Properties file, Map<String, String> environment, String origin) {
    this.file = file;
    this.environment = environment;
    this.origin = origin;
  }

  /**
   * Reads {@code path}; a missing file is an error only when {@code required} (the path was given
   * explicitly), otherwise it means "all defaults".
   */
  public static Config load(Path path, boolean required, Map<String, String> environment) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      if (required) {
        throw new ConfigurationException("configuration file not found: " + path);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigurationException(
          "configuration file " + path + " could not be read: " + e.getMessage(), e);
    }
    return new Config(properties, environment, path.toString());
  }

  /** The environment variable that overrides {@code key}. */
  public static String environmentName(String key) {
    return "METERSYNC_"
        + CAMEL
            .matcher(key)
            .replaceAll("$1_$2")
            .replace('.', '_')
            .replace('-', '_')
            .toUpperCase(Locale.ROOT);
  }

  public String origin() {
    return origin;
  }

  public Optional<String> string(String key) {
    asked.add(key);
    String value = environment.get(environmentName(key));
    if (value == null) {
      value = file.getProperty(key);
    }
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(value.trim());
  }

  public String string(String key, String defaultValue) {
    return string(key).orElse(defaultValue);
  }

  public int integer(String key, int defaultValue, int min, int max) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return SettingValues.integer(key, raw.get(), min, max);
    } catch (InvalidSettingException e) {
      throw invalid(e);
    }
  }

  public Duration millis(String key, long defaultMillis, long minMillis, long maxMillis) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return Duration.ofMillis(defaultMillis);
    }
    try {
      return SettingValues.millis(key, raw.get(), minMillis, maxMillis);
    } catch (InvalidSettingException e) {
      throw invalid(e);
    }
  }

  /** Minutes, possibly fractional ({@code 0.5} is 30 seconds). */
  public Duration minutes(String key, long defaultMinutes, Duration min, Duration max) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return Duration.ofMinutes(defaultMinutes);
    }
    String expected =
        "minutes (fractions allowed) from " + min.toSeconds() + " s to " + max.toMinutes() + " min";
    Duration value;
    try {
      value =
          Duration.ofMillis(
              new BigDecimal(raw.get()).multiply(BigDecimal.valueOf(60_000)).longValueExact());
    } catch (NumberFormatException | ArithmeticException e) {
      throw invalid(key, raw.get(), expected);
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw invalid(key, raw.get(), expected);
    }
    return value;
  }

  public boolean bool(String key, boolean defaultValue) {
    Optional<String> raw = string(key);
    if (raw.isEmpty()) {
      return defaultValue;
    }
    try {
      return SettingValues.bool(key, raw.get());
    } catch (InvalidSettingException e) {
      throw invalid(e);
    }
  }

  /** The distinct names {@code x} of keys {@code prefix.x.*} in the file. */
  public Set<String> children(String prefix) {
    Set<String> names = new TreeSet<>();
    String start = prefix + ".";
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(start)) {
        String rest = key.substring(start.length());
        int dot = rest.indexOf('.');
        names.add(dot < 0 ? rest : rest.substring(0, dot));
      }
    }
    return names;
  }

  /** The keys under {@code prefix.} in the file, without the prefix. */
  public Set<String> keysUnder(String prefix) {
    Set<String> keys = new TreeSet<>();
    for (String key : file.stringPropertyNames()) {
      if (key.startsWith(prefix + ".")) {
        keys.add(key.substring(prefix.length() + 1));
      }
    }
    return keys;
  }

  /** The keys in the file that no setting has asked for so far: misspelt or unknown ones. */
  public Set<String> unaskedKeys() {
    Set<String> keys = new TreeSet<>(file.stringPropertyNames());
    keys.removeAll(asked);
    return keys;
  }

  /**
   * The {@code METERSYNC_*} environment variables starting with {@code prefix} that override no key
   * asked for so far.
   */
  public Set<String> unaskedVariables(String prefix) {
    Set<String> known = new TreeSet<>();
    asked.forEach(key -> known.add(environmentName(key)));
    Set<String> variables = new TreeSet<>();
    for (String name : environment.keySet()) {
      if (name.startsWith(prefix) && !known.contains(name)) {
        variables.add(name);
      }
    }
    return variables;
  }

  private ConfigurationException invalid(InvalidSettingException e) {
    return invalid(e.key(), e.value(), e.expected());
  }

  public ConfigurationException invalid(String key, String value, String expected) {
    return new ConfigurationException(
        "invalid configuration "
            + key
            + " = '"
            + value
            + "' (from "
            + source(key)
            + "): expected "
            + expected);
  }

  private String source(String key) {
    return environment.containsKey(environmentName(key))
        ? "environment variable " + environmentName(key)
        : origin;
  }
}
