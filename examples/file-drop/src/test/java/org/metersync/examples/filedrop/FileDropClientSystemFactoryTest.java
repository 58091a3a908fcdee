package org.metersync.examples.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ClientSystemSpi;

class FileDropClientSystemFactoryTest {

  @TempDir Path root;

  private final FileDropClientSystemFactory factory = new FileDropClientSystemFactory();

  static ClientSystemSettings settings(String endpoint, Map<String, String> options) {
    return new ClientSystemSettings(
        TenantId.of("acme"), "file-drop", endpoint, Optional.empty(), options);
  }

  @Test
  void serviceLoader_findsTheFactoryThroughItsServiceFile() {
    List<String> kinds =
        ServiceLoader.load(ClientSystemFactory.class).stream().map(p -> p.get().kind()).toList();

    assertEquals(List.of("file-drop"), kinds);
  }

  @Test
  void spiVersion_isTheVersionItWasBuiltAgainst() {
    assertEquals(ClientSystemSpi.VERSION, factory.spiVersion());
    assertEquals("file-drop", factory.kind());
  }

  @Test
  void create_absolutePathOrFileUri_makesAFileDropClientSystem() throws Exception {
    Files.createDirectories(root.resolve("inbox"));
    Files.createDirectories(root.resolve("outbox"));

    ClientSystemApi byPath = factory.create(settings(root.toString(), Map.of()));
    ClientSystemApi byUri = factory.create(settings(root.toUri().toString(), Map.of()));

    assertEquals("file-drop", byPath.kind());
    byPath.checkReachable();
    byUri.checkReachable();
  }

  @Test
  void create_relativePath_refusedNamingTenantAndEndpoint() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> factory.create(settings("exchange/acme", Map.of())));

    assertEquals(
        "tenant acme: the file-drop endpoint must be an absolute directory path or a file: URI,"
            + " not 'exchange/acme' (the path is not absolute)",
        e.getMessage());
  }

  @Test
  void create_withCredential_refused() {
    ClientSystemSettings settings =
        new ClientSystemSettings(
            TenantId.of("acme"), "file-drop", root.toString(), Optional.of("env:X"), Map.of());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> factory.create(settings));

    assertTrue(e.getMessage().startsWith("tenant acme: the file-drop client system takes no"));
  }

  @Test
  void create_unknownOption_refusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> factory.create(settings(root.toString(), Map.of("inbx", "in"))));

    assertEquals(
        "tenant acme: unknown options [inbx] for client system kind 'file-drop'; known: [inbox,"
            + " outbox]",
        e.getMessage());
  }

  @Test
  void create_subdirectoryOutsideTheEndpointOrSameForBoth_refused() {
    IllegalArgumentException up =
        assertThrows(
            IllegalArgumentException.class,
            () -> factory.create(settings(root.toString(), Map.of("inbox", "../elsewhere"))));
    IllegalArgumentException same =
        assertThrows(
            IllegalArgumentException.class,
            () -> factory.create(settings(root.toString(), Map.of("outbox", "inbox"))));

    assertEquals(
        "tenant acme: invalid option inbox = '../elsewhere': expected a plain directory name"
            + " within the endpoint",
        up.getMessage());
    assertEquals(
        "tenant acme: invalid option outbox = 'inbox': expected a directory other than the inbox",
        same.getMessage());
  }

  @Test
  void create_renamedSubdirectories_usesThem() throws Exception {
    Files.createDirectories(root.resolve("to-partner"));
    Files.createDirectories(root.resolve("from-partner"));
    Files.writeString(
        root.resolve("from-partner/a.csv"),
        "id,meterId,takenAt,value,unit\nr1,m1,2026-01-01T00:00:00Z,1,kWh\n");
    ClientSystemApi api =
        factory.create(
            settings(root.toString(), Map.of("inbox", "to-partner", "outbox", "from-partner")));

    api.upload(List.of(FileDropUploadTest.reading("r2", "2")));

    assertTrue(Files.isRegularFile(root.resolve("to-partner/r2.csv")));
    assertEquals(1, api.fetchReadings(Optional.empty(), 10).readings().size());
  }
}
