package org.metersync.examples.filedrop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DownloadCursorTest {

  @Test
  void parse_storedForm_roundTrips() {
    DownloadCursor cursor = DownloadCursor.parse("2026:01:01-a.csv:17");

    assertEquals(new DownloadCursor("2026:01:01-a.csv", 17), cursor);
    assertEquals("2026:01:01-a.csv:17", cursor.toString());
    assertEquals(DownloadCursor.START, DownloadCursor.parse(""));
    assertEquals("", DownloadCursor.START.toString());
  }

  @Test
  void parse_notACursor_refused() {
    for (String stored :
        new String[] {"a.csv", "a.csv:0", "a.csv:x", ":3", "a.txt:3", "d/a.csv:3"}) {
      assertThrows(IllegalArgumentException.class, () -> DownloadCursor.parse(stored), stored);
    }
  }

  @Test
  void isBefore_laterLineOrLaterFile() {
    DownloadCursor cursor = new DownloadCursor("b.csv", 3);

    assertTrue(cursor.isBefore("b.csv", 4));
    assertTrue(cursor.isBefore("c.csv", 2));
    assertFalse(cursor.isBefore("b.csv", 3));
    assertFalse(cursor.isBefore("a.csv", 9));
    assertTrue(DownloadCursor.START.isBefore("a.csv", 2));
  }
}
