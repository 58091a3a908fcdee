package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DownloadCursorTest {

  private static final DownloadSource REST_A = new DownloadSource("reference-rest", "http://a/");

  @Test
  void resumeFrom_sameKindAndEndpoint_sendsTheCursor() {
    DownloadCursor cursor = DownloadCursor.of("page-7", REST_A);

    assertEquals(
        Optional.of("page-7"),
        cursor.resumeFrom(new DownloadSource("reference-rest", "http://a/")));
  }

  @Test
  void resumeFrom_otherEndpoint_startsFromTheBeginning() {
    DownloadCursor cursor = DownloadCursor.of("page-7", REST_A);

    assertEquals(
        Optional.empty(), cursor.resumeFrom(new DownloadSource("reference-rest", "http://b/")));
  }

  @Test
  void resumeFrom_otherKindSameEndpoint_startsFromTheBeginning() {
    DownloadCursor cursor = DownloadCursor.of("page-7", REST_A);

    assertEquals(
        Optional.empty(), cursor.resumeFrom(new DownloadSource("sensorthings", "http://a/")));
  }

  @Test
  void resumeFrom_cursorOfUnknownSource_startsFromTheBeginning() {
    DownloadCursor cursor = new DownloadCursor("page-7", Optional.empty());

    assertEquals(Optional.empty(), cursor.resumeFrom(REST_A));
  }

  @Test
  void downloadSource_blankKind_refused() {
    assertThrows(IllegalArgumentException.class, () -> new DownloadSource(" ", "http://a/"));
  }
}
