package org.metersync.spi;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.metersync.domain.TenantId;

/**
 * Resolves a credential reference: {@code env:NAME} (an environment variable) or {@code file:/path}
 * (a secrets file, trimmed). A literal secret in configuration is refused. Errors name the tenant
 * and the reference, never the secret.
 */
public final class Credentials {

  private final Function<String, String> environment;

  /** Resolves {@code env:} references through {@code environment} (null when unset). */
  public Credentials(Function<String, String> environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  /** Resolves {@code env:} references against the process environment. */
  public static Credentials fromSystemEnvironment() {
    return new Credentials(System::getenv);
  }

  /** The secret {@code reference} points to. */
  public String resolve(TenantId tenantId, String reference) {
    requireNonNull(tenantId, "tenantId");
    requireNonNull(reference, "reference");
    if (reference.startsWith("env:")) {
      return fromEnvironment(tenantId, reference);
    }
    if (reference.startsWith("file:")) {
      return fromFile(tenantId, reference);
    }
    throw new IllegalArgumentException(
        "tenant "
            + tenantId
            + ": a credential must be a reference 'env:NAME' or 'file:/path', not a literal"
            + " value");
  }

  private String fromEnvironment(TenantId tenantId, String reference) {
    String value = environment.apply(reference.substring("env:".length()));
    if (value == null || value.isBlank()) {
      throw missing(tenantId, reference, "the environment variable is not set or empty");
    }
    return value.trim();
  }

  private static String fromFile(TenantId tenantId, String reference) {
    Path path = Path.of(reference.substring("file:".length()));
    String value;
    try {
      value = Files.readString(path, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      throw missing(
          tenantId, reference, "the file cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    if (value.isEmpty()) {
      throw missing(tenantId, reference, "the file is empty");
    }
    return value;
  }

  private static IllegalArgumentException missing(TenantId tenantId, String reference, String why) {
    return new IllegalArgumentException(
        "tenant " + tenantId + ": credential " + reference + " is missing: " + why);
  }
}
