package org.metersync.examples.filedrop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;

/**
 * The directory the partner drops readings into for meter-sync: {@code *.csv} files (UTF-8, a
 * header line, one reading per line), taken in file-name order. Other files, and names starting
 * with a dot, are ignored, so a partner writes {@code .name.tmp} and renames it to {@code name.csv}
 * when it is complete.
 */
final class Outbox {

  private final Path directory;

  Outbox(Path directory) {
    this.directory = requireNonNull(directory, "directory");
  }

  Path directory() {
    return directory;
  }

  /** At most {@code limit} readings, well-formed and malformed, after {@code from}. */
  ReadingsPage page(DownloadCursor from, int limit) throws IOException {
    Page page = new Page(limit);
    for (String name : files(from)) {
      if (!page.addFile(name, lines(directory.resolve(name)), from)) {
        return page.build(true, from);
      }
    }
    return page.build(false, from);
  }

  /** The outbox's files from the cursor's on, in name order. */
  private List<String> files(DownloadCursor from) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".csv") && !n.startsWith("."))
          .filter(n -> n.compareTo(from.file()) >= 0)
          .sorted()
          .toList();
    }
  }

  /** The file's lines; a line that is not UTF-8 is null. */
  private static List<String> lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == '\n') {
        int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
        if (i < bytes.length || end > start) {
          lines.add(decode(bytes, start, end));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static String decode(byte[] bytes, int from, int to) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /** A page being filled; remembers the position of the last entry taken. */
  private static final class Page {
    private final int limit;
    private final List<MeterReading> readings = new ArrayList<>();
    private final List<MalformedReading> malformed = new ArrayList<>();
    private final Set<ReadingId> ids = new HashSet<>();
    private DownloadCursor last;

    Page(int limit) {
      this.limit = limit;
    }

    /** Takes the file's lines after {@code from}; false when the page filled up before its end. */
    boolean addFile(String name, List<String> lines, DownloadCursor from) {
      ReadingCsv columns = null;
      String headerProblem = null;
      try {
        columns = ReadingCsv.ofHeader(lines.isEmpty() || lines.get(0) == null ? "" : lines.get(0));
      } catch (IllegalArgumentException e) {
        headerProblem = e.getMessage();
      }
      for (int i = 1; i < lines.size(); i++) {
        String line = lines.get(i);
        int number = i + 1;
        if (!from.isBefore(name, number) || (line != null && line.isBlank())) {
          continue;
        }
        if (readings.size() + malformed.size() == limit) {
          return false;
        }
        take(name, number, line, columns, headerProblem);
      }
      return true;
    }

    private void take(String name, int number, String line, ReadingCsv columns, String header) {
      last = new DownloadCursor(name, number);
      String where = "outbox file " + name + " line " + number + ": ";
      if (line == null) {
        malformed.add(new MalformedReading(null, "(not UTF-8)", where + "the line is not UTF-8"));
        return;
      }
      if (columns == null) {
        malformed.add(new MalformedReading(null, line, where + header));
        return;
      }
      try {
        MeterReading reading = columns.parse(line);
        if (!ids.add(reading.id())) {
          throw new IllegalArgumentException("reading id " + reading.id() + " twice in one page");
        }
        readings.add(reading);
      } catch (IllegalArgumentException e) {
        malformed.add(new MalformedReading(columns.idOf(line), line, where + e.getMessage()));
      }
    }

    ReadingsPage build(boolean hasMore, DownloadCursor from) {
      return new ReadingsPage(
          readings, malformed, (last == null ? from : last).toString(), hasMore);
    }
  }
}
