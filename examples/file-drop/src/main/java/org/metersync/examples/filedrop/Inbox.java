package org.metersync.examples.filedrop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;

/**
 * The directory meter-sync drops readings into for the partner: one file per reading, {@code
 * <encoded id>.csv} (see {@link ReadingFileNames}), a header line and the reading's line. A file
 * appears whole or not at all (written aside, then renamed), so the partner never reads half a
 * reading. The reading id is the file name, which makes a re-send idempotent: the same data is
 * {@link UploadVerdict.AlreadyPresent}, other data (the reading was edited) replaces the file.
 */
final class Inbox {

  private final Path directory;

  Inbox(Path directory) {
    this.directory = requireNonNull(directory, "directory");
  }

  Path directory() {
    return directory;
  }

  /** Writes the batch; the first file-system error ends it (files written so far stay). */
  Map<ReadingId, UploadVerdict> write(List<MeterReading> batch) throws IOException {
    Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
    for (MeterReading reading : batch) {
      verdicts.put(reading.id(), write(reading));
    }
    return verdicts;
  }

  private UploadVerdict write(MeterReading reading) throws IOException {
    String line;
    try {
      line = ReadingCsv.format(reading);
    } catch (IllegalArgumentException e) {
      return UploadVerdict.rejected(e.getMessage());
    }
    Path file = directory.resolve(ReadingFileNames.of(reading.id()));
    Optional<MeterReading> held = held(file);
    if (held.isPresent() && !held.get().id().equals(reading.id())) {
      return UploadVerdict.rejected(
          "inbox file " + file.getFileName() + " holds reading " + held.get().id());
    }
    if (held.isPresent() && sameData(held.get(), reading)) {
      return UploadVerdict.ALREADY_PRESENT;
    }
    replace(file, ReadingCsv.HEADER + "\n" + line + "\n");
    return UploadVerdict.ACCEPTED;
  }

  /** The reading a file holds; empty if there is none or it cannot be read as one. */
  private static Optional<MeterReading> held(Path file) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      return Optional.empty(); // damaged: written again
    }
    try {
      return lines.size() < 2
          ? Optional.empty()
          : Optional.of(ReadingCsv.ofHeader(lines.get(0)).parse(lines.get(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // damaged: written again
    }
  }

  /** Numerically equal values and the same instant are the same data ({@code 1.50} is 1.5). */
  private static boolean sameData(MeterReading a, MeterReading b) {
    return a.meterId().equals(b.meterId())
        && a.takenAt().equals(b.takenAt())
        && a.value().compareTo(b.value()) == 0
        && a.unit().equals(b.unit());
  }

  /** Writes aside and renames over the file: the partner sees the old file or the new one. */
  private void replace(Path file, String content) throws IOException {
    // Not Files.createTempFile: its owner-only permissions would keep the partner out.
    Path temp = directory.resolve("." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        // On disk before the rename: after a crash the file is whole or absent, never empty.
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
