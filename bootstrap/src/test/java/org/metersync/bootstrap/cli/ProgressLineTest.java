package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  @Test
  void render_beforeAnyBatch_showsTheTotalAndNoRate() {
    ProgressLine line = new ProgressLine("demo-north", 0, 3000, 0, OptionalLong.of(1500), ms(500));

    assertEquals("demo-north  [--------------------] 0/4500  - readings/s", line.render(10, 79));
  }

  @Test
  void render_halfway_showsDoneOfTotalRateAndTimeLeft() {
    ProgressLine line =
        new ProgressLine("demo-north", 2000, 3000, 250, OptionalLong.of(1500), ms(1500));

    assertEquals(
        "demo-north  [##########----------] 2250/4500  1500 readings/s  ~1.5 s left",
        line.render(10, 79));
  }

  @Test
  void render_minutesLeft_inMinutesAndSeconds() {
    ProgressLine line = new ProgressLine("t", 100, 100_000, 0, OptionalLong.of(0), ms(10_000));

    assertEquals(
        "t           [--------------------] 100/100000  10 readings/s  ~166 min 30 s left",
        line.render(10, 120));
  }

  @Test
  void render_everythingDone_saysDoneInTheTimeItTook() {
    ProgressLine line =
        new ProgressLine("demo-south", 3000, 3000, 1500, OptionalLong.of(1500), ms(12_400));

    assertEquals(
        "demo-south  [####################] 4500/4500  363 readings/s  done in 12 s",
        line.render(10, 79));
  }

  @Test
  void render_downloadTotalUnknown_barAndTimeLeftAreTheUploads() {
    ProgressLine line = new ProgressLine("e2e-a", 250, 1000, 40, OptionalLong.empty(), ms(1000));

    assertEquals(
        "e2e-a  [#####---------------] 250/1000 up, 40 down  290 readings/s  ~2.6 s left",
        line.render(5, 79));
  }

  @Test
  void render_downloadTotalUnknownAndUploadsDone_neverSaysDone() {
    ProgressLine line = new ProgressLine("e2e-a", 1000, 1000, 40, OptionalLong.empty(), ms(2000));

    assertEquals(
        "e2e-a  [####################] 1000/1000 up, 40 down  520 readings/s", line.render(5, 79));
  }

  @Test
  void render_moreDoneThanTheTotal_countsCappedAtTheTotal() {
    ProgressLine line = new ProgressLine("t", 120, 100, 0, OptionalLong.of(0), ms(1000));

    assertEquals(
        "t  [####################] 100/100  120 readings/s  done in 1.0 s", line.render(1, 79));
  }

  @Test
  void render_longerThanTheWidth_cutSoThatItNeverWraps() {
    ProgressLine line = new ProgressLine("t", 1, 10, 0, OptionalLong.of(0), ms(1000));

    assertEquals("t  [##---------", line.render(1, 15));
  }

  @Test
  void duration_shortWithATenth_longerInWholeSecondsOrMinutes() {
    assertEquals("0.3 s", ProgressLine.duration(ms(250)));
    assertEquals("9.9 s", ProgressLine.duration(ms(9_949)));
    assertEquals("42 s", ProgressLine.duration(ms(42_900)));
    assertEquals("2 min 05 s", ProgressLine.duration(ms(125_000)));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
