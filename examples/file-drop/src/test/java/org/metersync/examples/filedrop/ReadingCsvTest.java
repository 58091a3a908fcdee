package org.metersync.examples.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingCsvTest {

  @Test
  void joinThenSplit_trickyFields_roundTrip() {
    List<String> fields = List.of("", "a,b", "say \"hi\"", " padded ", "\"", "plain", "ä€");

    String line = ReadingCsv.join(fields);

    assertEquals(",\"a,b\",\"say \"\"hi\"\"\",\" padded \",\"\"\"\",plain,ä€", line);
    assertEquals(fields, ReadingCsv.split(line));
  }

  @Test
  void split_unquotedFieldsTrimmed() {
    assertEquals(List.of("a", "b", ""), ReadingCsv.split(" a , b ,"));
  }

  @Test
  void split_textAfterClosingQuote_refused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReadingCsv.split("\"a\"b,c"));

    assertEquals("text after a closing quote at column 4", e.getMessage());
  }

  @Test
  void ofHeader_columnTwice_refused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReadingCsv.ofHeader("id,meterId,takenAt,value,unit,id"));

    assertEquals("the header names column id twice", e.getMessage());
  }
}
