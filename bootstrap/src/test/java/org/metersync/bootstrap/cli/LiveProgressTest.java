package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.metersync.application.BatchOperation;
import org.metersync.domain.TenantId;

class LiveProgressTest {

  private static final TenantId NORTH = TenantId.of("north");
  private static final TenantId SOUTH = TenantId.of("south-2");
  private static final String UP_TWO = "\r\033[2A";

  private final AtomicLong nanos = new AtomicLong();
  private final StringWriter screen = new StringWriter();
  private final LiveProgress live =
      new LiveProgress(new PrintWriter(screen), nanos::get, 79)
          .tenant(NORTH, 100, OptionalLong.of(50))
          .tenant(SOUTH, 10, OptionalLong.empty());

  @Test
  void frame_aLinePerTenantInTheOrderAdded_countsFromTheirBatches() {
    live.batchDone(NORTH, BatchOperation.UPLOAD, 1, 60);
    live.batchDone(NORTH, BatchOperation.DOWNLOAD, 1, 15);
    live.batchDone(SOUTH, BatchOperation.UPLOAD, 1, 5);
    live.batchDone(TenantId.of("unknown"), BatchOperation.UPLOAD, 1, 5);
    nanos.set(1_000_000_000);

    assertEquals(
        List.of(
            "north    [##########----------] 75/150  75 readings/s  ~1.0 s left",
            "south-2  [##########----------] 5/10 up, 0 down  5 readings/s  ~1.0 s left"),
        live.frame());
  }

  @Test
  void frame_doneThenEmptyPages_rateAndTimeStayThoseOfTheLastReadings() {
    live.batchDone(NORTH, BatchOperation.UPLOAD, 1, 100);
    nanos.set(1_000_000_000);
    live.batchDone(NORTH, BatchOperation.DOWNLOAD, 1, 50);
    nanos.set(5_000_000_000L);
    live.batchDone(NORTH, BatchOperation.DOWNLOAD, 1, 0);

    assertEquals(
        "north    [####################] 150/150  150 readings/s  done in 1.0 s",
        live.frame().get(0));
  }

  @Test
  void redraw_firstDrawsTheLines_thenMovesUpOverThemAndRewritesEach() {
    live.redraw();
    String first = screen.toString();
    live.batchDone(NORTH, BatchOperation.UPLOAD, 1, 100);
    nanos.set(2_000_000_000);
    live.redraw();
    String second = screen.toString().substring(first.length());

    assertEquals("\033[2K" + live0("north") + "\n" + "\033[2K" + live0("south-2") + "\n", first);
    assertEquals(
        UP_TWO
            + "\033[2Knorth    [#############-------] 100/150  50 readings/s  ~1.0 s left\n"
            + "\033[2Ksouth-2  [--------------------] 0/10 up, 0 down  - readings/s\n",
        second);
  }

  @Test
  void printAbove_erasesTheLinesWritesTheTextAndDrawsThemBelowIt() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    live.redraw();
    int before = screen.toString().length();

    live.printAbove(new PrintStream(err, true), bytes("WARN something\n"));

    assertEquals("WARN something\n", err.toString(StandardCharsets.UTF_8));
    String after = screen.toString().substring(before);
    assertEquals(UP_TWO + "\033[J" + "\033[2K" + live0("north") + "\n", after.split("(?<=\n)")[0]);
    assertEquals(2, after.split("\033\\[2K").length - 1, "both lines drawn again, once");
  }

  @Test
  void above_writesWholeLinesOnly_andTheRestOnClose() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    OutputStream above = live.above(new PrintStream(err, true));

    above.write(bytes("first half, "));
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    above.write(bytes("second half\nno end"));
    assertEquals("first half, second half\n", err.toString(StandardCharsets.UTF_8));
    above.close();

    assertEquals("first half, second half\nno end\n", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void construct_widthTooSmall_refusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LiveProgress(new PrintWriter(screen), nanos::get, 10));
    assertEquals("width must be at least 20, was 10", e.getMessage());
  }

  private static String live0(String tenant) {
    return tenant.equals("north")
        ? "north    [--------------------] 0/150  - readings/s"
        : "south-2  [--------------------] 0/10 up, 0 down  - readings/s";
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
