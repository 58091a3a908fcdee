package org.metersync.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.domain.TenantId;

class CredentialsTest {

  private static final TenantId TENANT = TenantId.of("acme");
  private final Credentials credentials = new Credentials(Map.of("ACME_TOKEN", "tok-123")::get);

  @Test
  void resolve_environmentReference_value() {
    assertEquals("tok-123", credentials.resolve(TENANT, "env:ACME_TOKEN"));
  }

  @Test
  void resolve_fileReference_trimmedContent(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("token"), "  file-secret\n");

    assertEquals("file-secret", credentials.resolve(TENANT, "file:" + file));
  }

  @Test
  void resolve_literalSecret_refusedWithoutEchoingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> credentials.resolve(TENANT, "hunter2"));

    assertTrue(e.getMessage().contains("acme"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
  }

  @Test
  void resolve_missingVariable_failsNamingTenantAndReference() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> credentials.resolve(TENANT, "env:NOPE"));

    assertTrue(e.getMessage().contains("tenant acme"), e.getMessage());
    assertTrue(e.getMessage().contains("env:NOPE"), e.getMessage());
  }

  @Test
  void resolve_missingFile_failsNamingTenantAndReference(@TempDir Path dir) {
    String reference = "file:" + dir.resolve("absent");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> credentials.resolve(TENANT, reference));

    assertTrue(e.getMessage().contains("tenant acme"), e.getMessage());
    assertTrue(e.getMessage().contains(reference), e.getMessage());
  }
}
