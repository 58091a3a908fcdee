package org.metersync.examples.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.domain.MeterReading;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;

class FileDropDownloadTest {

  private static final String HEADER = "id,meterId,takenAt,value,unit\n";

  @TempDir Path root;
  private ClientSystemApi api;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(root.resolve("inbox"));
    Files.createDirectories(root.resolve("outbox"));
    api =
        new FileDropClientSystemFactory()
            .create(FileDropClientSystemFactoryTest.settings(root.toString(), Map.of()));
  }

  private void outbox(String name, String content) throws IOException {
    Files.writeString(root.resolve("outbox").resolve(name), content);
  }

  private static String lines(String prefix, int from, int to) {
    StringBuilder text = new StringBuilder(HEADER);
    for (int i = from; i <= to; i++) {
      text.append(prefix).append(i).append(",m1,2026-01-01T00:00:00Z,").append(i).append(",kWh\n");
    }
    return text.toString();
  }

  /** Every page from {@code cursor} on, as meter-sync asks for them. */
  private List<ReadingsPage> drain(Optional<String> cursor, int limit) {
    List<ReadingsPage> pages = new ArrayList<>();
    ReadingsPage page;
    do {
      page = api.fetchReadings(cursor, limit);
      pages.add(page);
      cursor = Optional.of(page.cursor());
    } while (page.hasMore());
    return pages;
  }

  private static List<String> ids(List<ReadingsPage> pages) {
    return pages.stream().flatMap(p -> p.readings().stream()).map(r -> r.id().value()).toList();
  }

  @Test
  void fetch_severalFiles_pagesInFileNameOrderWithCursorsAndNoLossOrRepeat() throws IOException {
    outbox("20260102-b.csv", lines("b", 1, 4));
    outbox("20260101-a.csv", lines("a", 1, 3));

    List<ReadingsPage> pages = drain(Optional.empty(), 2);

    assertEquals(List.of("a1", "a2", "a3", "b1", "b2", "b3", "b4"), ids(pages));
    assertEquals(
        List.of("20260101-a.csv:3", "20260102-b.csv:2", "20260102-b.csv:4", "20260102-b.csv:5"),
        pages.stream().map(ReadingsPage::cursor).toList());
    assertEquals(
        List.of(true, true, true, false), pages.stream().map(ReadingsPage::hasMore).toList());
  }

  @Test
  void fetch_afterTheEnd_laterLinesAndFilesOnlyAndTheCursorStaysPut() throws IOException {
    outbox("1.csv", lines("a", 1, 2));
    String end = api.fetchReadings(Optional.empty(), 10).cursor();

    ReadingsPage nothingNew = api.fetchReadings(Optional.of(end), 10);
    Files.writeString(
        root.resolve("outbox/1.csv"),
        "a3,m1,2026-01-01T00:00:00Z,3,kWh\n",
        StandardOpenOption.APPEND);
    outbox("2.csv", lines("b", 1, 1));
    List<ReadingsPage> later = drain(Optional.of(end), 10);

    assertEquals("1.csv:3", end);
    assertEquals(0, nothingNew.received());
    assertEquals("1.csv:3", nothingNew.cursor());
    assertFalse(nothingNew.hasMore());
    assertEquals(List.of("a3", "b1"), ids(later));
  }

  @Test
  void fetch_pageExactlyFull_hasMoreOnlyIfAnotherReadingFollows() throws IOException {
    outbox("1.csv", lines("a", 1, 2) + "\n\n");

    ReadingsPage page = api.fetchReadings(Optional.empty(), 2);

    assertEquals(2, page.received());
    assertFalse(page.hasMore());
  }

  @Test
  void fetch_emptyOutbox_emptyPageAtTheStart() {
    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(new ReadingsPage(List.of(), List.of(), "", false), page);
  }

  @Test
  void fetch_offsetsAndDecimals_exactInstantsAndValues() throws IOException {
    outbox(
        "1.csv",
        HEADER
            + "r1,m1,2026-01-01T01:00:00+01:00,100.250,kWh\n"
            + "r2,m1,2026-03-29T03:30:00.000000001-02:30,-0.000001,kWh\n"
            + "r3,m1,2026-01-01T00:00:00Z,12345678901234567890.123456789,kWh\n");

    List<MeterReading> readings = api.fetchReadings(Optional.empty(), 10).readings();

    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), readings.get(0).takenAt());
    assertEquals(new BigDecimal("100.250"), readings.get(0).value());
    assertEquals(Instant.parse("2026-03-29T06:00:00.000000001Z"), readings.get(1).takenAt());
    assertEquals(new BigDecimal("-0.000001"), readings.get(1).value());
    assertEquals(new BigDecimal("12345678901234567890.123456789"), readings.get(2).value());
  }

  @Test
  void fetch_headerInAnotherOrderQuotesCrlfAndBom_read() throws IOException {
    outbox(
        "1.csv",
        "\uFEFFunit,value,takenAt,meterId,id,comment\r\n"
            + "kWh,1.5,2026-01-01T00:00:00Z,\"hall 2, \"\"east\"\"\",r1,x\r\n");

    List<MeterReading> readings = api.fetchReadings(Optional.empty(), 10).readings();

    assertEquals(
        List.of(
            FileDropUploadTest.reading(
                "r1", "hall 2, \"east\"", "2026-01-01T00:00:00Z", "1.5", "kWh")),
        readings);
  }

  @Test
  void fetch_malformedLines_keptAsideWithReasonTheRestTaken() throws IOException {
    outbox(
        "1.csv",
        HEADER
            + "r1,m1,2026-01-01T00:00:00Z,abc,kWh\n"
            + "r2,m1,2026-01-01T00:00:00,1,kWh\n"
            + ",m1,2026-01-01T00:00:00Z,1,kWh\n"
            + "r4,m1\n"
            + "r5,m1,2026-01-01T00:00:00Z,1,kWh\n"
            + "r5,m1,2026-01-01T00:00:00Z,2,kWh\n"
            + "\"r7,m1\n");

    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(List.of("r5"), ids(List.of(page)));
    assertEquals(
        List.of(
            new MalformedReading(
                "r1",
                "r1,m1,2026-01-01T00:00:00Z,abc,kWh",
                "outbox file 1.csv line 2: value 'abc' is not a decimal number"),
            new MalformedReading(
                "r2",
                "r2,m1,2026-01-01T00:00:00,1,kWh",
                "outbox file 1.csv line 3: takenAt '2026-01-01T00:00:00' is not a date-time with an"
                    + " offset (2026-01-01T00:15:00Z)"),
            new MalformedReading(
                null,
                ",m1,2026-01-01T00:00:00Z,1,kWh",
                "outbox file 1.csv line 4: reading id must be 1-128 characters and not blank: ''"),
            new MalformedReading(
                "r4", "r4,m1", "outbox file 1.csv line 5: the line has 2 fields, no takenAt"),
            new MalformedReading(
                "r5",
                "r5,m1,2026-01-01T00:00:00Z,2,kWh",
                "outbox file 1.csv line 7: reading id r5 twice in one page"),
            new MalformedReading(
                null, "\"r7,m1", "outbox file 1.csv line 8: a quoted field is not closed")),
        page.malformed());
    assertEquals("1.csv:8", page.cursor());
  }

  @Test
  void fetch_headerLacksAColumn_everyLineOfThatFileMalformed() throws IOException {
    outbox("1.csv", "id,meterId,takenAt,value\nr1,m1,2026-01-01T00:00:00Z,1\n");
    outbox("2.csv", lines("b", 1, 1));

    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(List.of("b1"), ids(List.of(page)));
    assertEquals(1, page.malformed().size());
    assertEquals(
        "outbox file 1.csv line 2: the header line lacks the column(s) [unit]",
        page.malformed().get(0).reason());
  }

  @Test
  void fetch_lineNotUtf8_malformed() throws IOException {
    byte[] bad = "r1,m\u00e4,2026-01-01T00:00:00Z,1,kWh\n".getBytes(StandardCharsets.ISO_8859_1);
    Path file = root.resolve("outbox/1.csv");
    Files.writeString(file, HEADER);
    Files.write(file, bad, StandardOpenOption.APPEND);
    Files.writeString(file, "r2,m,2026-01-01T00:00:00Z,1,kWh\n", StandardOpenOption.APPEND);

    ReadingsPage page = api.fetchReadings(Optional.empty(), 10);

    assertEquals(List.of("r2"), ids(List.of(page)));
    assertEquals(
        "outbox file 1.csv line 2: the line is not UTF-8", page.malformed().get(0).reason());
  }

  @Test
  void fetch_hiddenAndOtherFiles_ignored() throws IOException {
    outbox(".2.csv", lines("hidden", 1, 1));
    outbox("3.csv.part", lines("partial", 1, 1));
    outbox("1.csv", lines("a", 1, 1));

    assertEquals(List.of("a1"), ids(drain(Optional.empty(), 10)));
  }

  @Test
  void fetch_storedCursorNotOfThisKind_malformedAnswerNamingIt() {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class,
            () -> api.fetchReadings(Optional.of("reference-rest:v1:abc"), 10));

    assertEquals(
        "tenant acme file-drop download: the stored download cursor could not be read: not a"
            + " file-drop download cursor (expected '<file name>.csv:<line>'):"
            + " reference-rest:v1:abc",
        e.getMessage());
  }

  @Test
  void fetch_outboxMissing_unavailable() throws IOException {
    Files.delete(root.resolve("outbox"));

    ClientSystemUnavailableException e =
        assertThrows(
            ClientSystemUnavailableException.class, () -> api.fetchReadings(Optional.empty(), 10));

    assertTrue(e.getMessage().contains(root.resolve("outbox") + " does not exist"), e.getMessage());
  }

  @Test
  void fetch_limitNotPositive_refused() {
    assertThrows(IllegalArgumentException.class, () -> api.fetchReadings(Optional.empty(), 0));
  }
}
