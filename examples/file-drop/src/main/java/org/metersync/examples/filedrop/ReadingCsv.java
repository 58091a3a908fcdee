package org.metersync.examples.filedrop;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * Readings as CSV (RFC 4180 quoting): a header line naming the columns {@link #COLUMNS} in any
 * order, then one reading per line. A field holding a comma, a quote or surrounding spaces is
 * quoted; unquoted fields are trimmed. A line break inside a field is not supported: one reading is
 * one line, which keeps the download cursor a line number.
 */
final class ReadingCsv {

  static final List<String> COLUMNS = List.of("id", "meterId", "takenAt", "value", "unit");
  static final String HEADER = String.join(",", COLUMNS);

  /** Where each of {@link #COLUMNS} is in a line. */
  private final int[] positions;

  private ReadingCsv(int[] positions) {
    this.positions = positions;
  }

  /** The columns of a file, from its header line. */
  static ReadingCsv ofHeader(String header) {
    List<String> names = split(header.startsWith("\uFEFF") ? header.substring(1) : header);
    int[] positions = new int[COLUMNS.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      positions[i] = names.indexOf(COLUMNS.get(i));
      if (positions[i] < 0) {
        missing.add(COLUMNS.get(i));
      } else if (names.lastIndexOf(COLUMNS.get(i)) != positions[i]) {
        throw new IllegalArgumentException("the header names column " + COLUMNS.get(i) + " twice");
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("the header line lacks the column(s) " + missing);
    }
    return new ReadingCsv(positions);
  }

  /** The reading of one line; an {@link IllegalArgumentException} says what is wrong with it. */
  MeterReading parse(String line) {
    List<String> fields = split(line);
    String id = field(fields, 0);
    String takenAt = field(fields, 2);
    String value = field(fields, 3);
    try {
      return new MeterReading(
          ReadingId.of(id),
          field(fields, 1),
          OffsetDateTime.parse(takenAt).toInstant(),
          new BigDecimal(value),
          field(fields, 4));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "takenAt '" + takenAt + "' is not a date-time with an offset (2026-01-01T00:15:00Z)");
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("value '" + value + "' is not a decimal number");
    }
  }

  /** The reading id of a line, if it has one, for a malformed reading's record. */
  String idOf(String line) {
    try {
      String id = field(split(line), 0);
      return id.isBlank() ? null : id;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String field(List<String> fields, int column) {
    int position = positions[column];
    if (position >= fields.size()) {
      throw new IllegalArgumentException(
          "the line has " + fields.size() + " fields, no " + COLUMNS.get(column));
    }
    return fields.get(position);
  }

  /**
   * One line in {@link #HEADER}'s order: the value exactly (plain, scale kept), the time as a UTC
   * instant. A field with a line break cannot be written, an {@link IllegalArgumentException}.
   */
  static String format(MeterReading reading) {
    return join(
        List.of(
            reading.id().value(),
            reading.meterId(),
            reading.takenAt().toString(),
            reading.value().toPlainString(),
            reading.unit()));
  }

  static String join(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      String field = fields.get(i);
      if (field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
        throw new IllegalArgumentException(
            "a line break in a field cannot be written to a file-drop CSV line");
      }
      if (i > 0) {
        line.append(',');
      }
      boolean quote = field.contains(",") || field.contains("\"") || !field.equals(field.strip());
      line.append(quote ? '"' + field.replace("\"", "\"\"") + '"' : field);
    }
    return line.toString();
  }

  static List<String> split(String line) {
    List<String> fields = new ArrayList<>();
    int i = 0;
    while (true) {
      StringBuilder field = new StringBuilder();
      if (i < line.length() && line.charAt(i) == '"') {
        i = quoted(line, i + 1, field);
        fields.add(field.toString());
      } else {
        int comma = line.indexOf(',', i);
        int end = comma < 0 ? line.length() : comma;
        fields.add(line.substring(i, end).strip());
        i = end;
      }
      if (i >= line.length()) {
        return fields;
      }
      i++; // the comma
    }
  }

  /** Reads a quoted field starting after its opening quote; returns the index after it. */
  private static int quoted(String line, int from, StringBuilder field) {
    int i = from;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c != '"') {
        field.append(c);
        i++;
      } else if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i += 2;
      } else {
        i++;
        if (i < line.length() && line.charAt(i) != ',') {
          throw new IllegalArgumentException("text after a closing quote at column " + (i + 1));
        }
        return i;
      }
    }
    throw new IllegalArgumentException("a quoted field is not closed");
  }
}
