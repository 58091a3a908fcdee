package org.metersync.examples.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;

class FileDropUploadTest {

  @TempDir Path root;
  private FileDropClientSystem api;

  static MeterReading reading(String id, String value) {
    return reading(id, "meter-1", "2026-01-01T00:15:00Z", value, "kWh");
  }

  static MeterReading reading(String id, String meter, String takenAt, String value, String unit) {
    return new MeterReading(
        ReadingId.of(id), meter, Instant.parse(takenAt), new BigDecimal(value), unit);
  }

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(root.resolve("inbox"));
    Files.createDirectories(root.resolve("outbox"));
    api =
        (FileDropClientSystem)
            new FileDropClientSystemFactory()
                .create(FileDropClientSystemFactoryTest.settings(root.toString(), Map.of()));
  }

  private String inboxFile(String name) throws IOException {
    return Files.readString(root.resolve("inbox").resolve(name));
  }

  private List<String> inboxNames() throws IOException {
    try (Stream<Path> files = Files.list(root.resolve("inbox"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void upload_newReadings_oneFilePerReadingWithHeaderAndExactData() throws IOException {
    Map<ReadingId, UploadVerdict> verdicts =
        api.upload(
            List.of(
                reading("r1", "100.250"),
                reading("r2", "meter 7, hall", "2026-03-29T01:59:59.123456789Z", "-0.0010", "m³")));

    assertEquals(
        Map.of(
            ReadingId.of("r1"), UploadVerdict.ACCEPTED, ReadingId.of("r2"), UploadVerdict.ACCEPTED),
        verdicts);
    assertEquals(List.of("r1.csv", "r2.csv"), inboxNames());
    assertEquals(
        "id,meterId,takenAt,value,unit\nr1,meter-1,2026-01-01T00:15:00Z,100.250,kWh\n",
        inboxFile("r1.csv"));
    assertEquals(
        "id,meterId,takenAt,value,unit\n"
            + "r2,\"meter 7, hall\",2026-03-29T01:59:59.123456789Z,-0.0010,m³\n",
        inboxFile("r2.csv"));
  }

  @Test
  void upload_sameReadingAgain_alreadyPresentAndFileUnchanged() throws IOException {
    api.upload(List.of(reading("r1", "100.250")));
    String before = inboxFile("r1.csv");

    Map<ReadingId, UploadVerdict> again =
        api.upload(List.of(reading("r1", "100.250"), reading("r2", "1")));
    Map<ReadingId, UploadVerdict> numericallyEqual = api.upload(List.of(reading("r1", "100.25")));

    assertEquals(UploadVerdict.ALREADY_PRESENT, again.get(ReadingId.of("r1")));
    assertEquals(UploadVerdict.ACCEPTED, again.get(ReadingId.of("r2")));
    assertEquals(UploadVerdict.ALREADY_PRESENT, numericallyEqual.get(ReadingId.of("r1")));
    assertEquals(before, inboxFile("r1.csv"));
    assertEquals(List.of("r1.csv", "r2.csv"), inboxNames());
  }

  @Test
  void upload_editedReading_overwritesItsFileAndIsAccepted() throws IOException {
    api.upload(List.of(reading("r1", "100.250")));

    Map<ReadingId, UploadVerdict> edited = api.upload(List.of(reading("r1", "101")));

    assertEquals(UploadVerdict.ACCEPTED, edited.get(ReadingId.of("r1")));
    assertTrue(inboxFile("r1.csv").contains(",101,kWh\n"), inboxFile("r1.csv"));
    assertEquals(List.of("r1.csv"), inboxNames());
  }

  @Test
  void upload_idsThatAreNoSafeFileNames_encodedDistinctAndReadBack() throws IOException {
    List<String> ids = List.of("..", ".hidden", "a/b", "a%2Fb", "Zähler 1", "x".repeat(128));

    api.upload(ids.stream().map(id -> reading(id, "1")).toList());

    List<String> names = inboxNames();
    assertEquals(ids.size(), names.size(), names.toString());
    assertTrue(names.contains("%2E%2E.csv"), names.toString());
    assertTrue(names.contains("a%2Fb.csv") && names.contains("a%252Fb.csv"), names.toString());
    assertTrue(names.contains("Z%C3%A4hler%201.csv"), names.toString());
    assertTrue(names.contains("x".repeat(128) + ".csv"), names.toString());
    for (String id : ids) {
      assertEquals(
          UploadVerdict.ALREADY_PRESENT,
          api.upload(List.of(reading(id, "1"))).get(ReadingId.of(id)),
          id);
    }
  }

  @Test
  void fileName_longEncodedId_namedBySha256() {
    String name = ReadingFileNames.of(ReadingId.of("ä".repeat(100)));

    assertTrue(name.matches("sha256-[0-9a-f]{64}\\.csv"), name);
    assertEquals(name, ReadingFileNames.of(ReadingId.of("ä".repeat(100))));
  }

  @Test
  void upload_fieldWithLineBreak_thatReadingRejectedWithReasonOthersAccepted() throws IOException {
    Map<ReadingId, UploadVerdict> verdicts =
        api.upload(
            List.of(
                reading("r1", "meter\n1", "2026-01-01T00:15:00Z", "1", "kWh"), reading("r2", "2")));

    assertEquals(
        UploadVerdict.rejected("a line break in a field cannot be written to a file-drop CSV line"),
        verdicts.get(ReadingId.of("r1")));
    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r2")));
    assertEquals(List.of("r2.csv"), inboxNames());
  }

  @Test
  void upload_fileOfTheNameHoldsAnotherReading_rejectedNotOverwritten() throws IOException {
    Files.writeString(
        root.resolve("inbox/r1.csv"),
        "id,meterId,takenAt,value,unit\nR1,meter-1,2026-01-01T00:15:00Z,5,kWh\n");

    Map<ReadingId, UploadVerdict> verdicts = api.upload(List.of(reading("r1", "1")));

    assertEquals(
        UploadVerdict.rejected("inbox file r1.csv holds reading R1"),
        verdicts.get(ReadingId.of("r1")));
    assertTrue(inboxFile("r1.csv").contains("R1,"));
  }

  @Test
  void upload_damagedFileOfTheReading_writtenAgain() throws IOException {
    Files.writeString(root.resolve("inbox/r1.csv"), "id,meterId,takenAt,value,unit\nr1,meter-1,");

    Map<ReadingId, UploadVerdict> verdicts = api.upload(List.of(reading("r1", "1")));

    assertEquals(UploadVerdict.ACCEPTED, verdicts.get(ReadingId.of("r1")));
    assertTrue(inboxFile("r1.csv").endsWith("r1,meter-1,2026-01-01T00:15:00Z,1,kWh\n"));
  }

  @Test
  void upload_writtenFilesAreWhole_noTemporaryFileLeft() throws IOException {
    api.upload(Stream.iterate(1, i -> i + 1).limit(50).map(i -> reading("r" + i, "" + i)).toList());

    List<String> names = inboxNames();
    assertEquals(50, names.size());
    assertFalse(names.stream().anyMatch(n -> n.startsWith(".")), names.toString());
  }

  @Test
  void upload_inboxMissing_unavailableNamingTheDirectory() throws IOException {
    Files.delete(root.resolve("inbox"));

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.upload(List.of(reading("r1", "1"))));

    assertEquals(
        "tenant acme file-drop upload: directory "
            + root.resolve("inbox")
            + " does not exist (not mounted?)",
        e.getMessage());
    assertTrue(e.isTransient());
  }

  @Test
  void checkReachable_missingEndpoint_unavailable() throws IOException {
    Files.delete(root.resolve("outbox"));

    assertThrows(ClientSystemUnavailableException.class, api::checkReachable);
  }

  @Test
  void failure_refusedByTheFileSystem_permanentRejection() {
    ClientSystemException denied =
        api.failure("upload", new AccessDeniedException(root.resolve("inbox/r1.csv").toString()));
    ClientSystemException readOnly =
        api.failure(
            "upload", new FileSystemException("/x/inbox/.a.tmp", null, "Read-only file system"));

    ClientSystemRejectedException rejected =
        assertInstanceOf(ClientSystemRejectedException.class, denied);
    assertEquals("access-denied", rejected.code());
    assertFalse(rejected.isTransient());
    assertTrue(
        denied.getMessage().startsWith("tenant acme file-drop upload: the file system refused:"));
    assertInstanceOf(ClientSystemRejectedException.class, readOnly);
  }

  @Test
  void failure_otherFileSystemError_transient() {
    ClientSystemException full =
        api.failure(
            "upload", new FileSystemException("/x/inbox/.a.tmp", null, "No space left on device"));

    assertInstanceOf(ClientSystemUnavailableException.class, full);
    assertTrue(full.isTransient());
  }

  @Test
  void upload_thenReadAsOutbox_roundTripsEveryField() throws IOException {
    List<MeterReading> sent =
        List.of(
            reading("r1", "m \"A\"", "2026-01-01T00:15:00Z", "100.250", "kWh"),
            reading("r2", " padded ", "1970-01-01T00:00:00.000000001Z", "-0.000001", ""),
            reading("r3", "m", "9999-12-31T23:59:59Z", "0.00", "°C"));
    api.upload(sent);
    try (Stream<Path> files = Files.list(root.resolve("inbox"))) {
      for (Path file : files.toList()) {
        Files.copy(file, root.resolve("outbox").resolve(file.getFileName()));
      }
    }

    List<MeterReading> back = api.fetchReadings(Optional.empty(), 10).readings();

    assertEquals(sent, back);
  }
}
