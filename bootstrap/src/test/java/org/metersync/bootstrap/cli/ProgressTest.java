package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.metersync.application.BatchListener;
import org.metersync.application.BatchOperation;
import org.metersync.domain.TenantId;
import org.slf4j.LoggerFactory;

class ProgressTest {

  private static final TenantId T = TenantId.of("t-1");

  private final StringWriter screen = new StringWriter();
  private final PrintWriter out = new PrintWriter(screen, true);
  private final BatchListener plainLines =
      (tenant, operation, batch, readings) ->
          out.printf("%s %s batch %d: %d readings%n", tenant, operation, batch, readings);
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @Test
  void plain_notATerminal_aPlainLinePerBatchAndNoCursorMovement() {
    Level before = root.getLevel();
    try (Progress progress = Progress.plain(plainLines)) {
      progress.tenant(T, 10, OptionalLong.empty()).start();
      assertFalse(progress.isLive());
      assertEquals(before, root.getLevel(), "the log stays as it is");
      progress.batchDone(T, BatchOperation.UPLOAD, 1, 4);
      progress.batchDone(T, BatchOperation.DOWNLOAD, 1, 7);
      progress.finish();
    }

    assertEquals("t-1 upload batch 1: 4 readings\nt-1 download batch 1: 7 readings\n", text());
  }

  @Test
  void open_underTheTestRunner_isPlain() {
    try (Progress progress = Progress.open(out, false, plainLines)) {
      assertFalse(progress.isLive(), "standard output here is a pipe, not a terminal");
    }
  }

  @Test
  void live_onlyWarningsLoggedWhileOpen_thenTheLevelAsBefore() {
    Level before = root.getLevel();
    try (Progress progress = live(false)) {
      assertEquals(Level.WARN, root.getLevel());
    }
    assertEquals(before, root.getLevel());
  }

  @Test
  void live_verbose_leavesTheLogAsItIs() {
    Level before = root.getLevel();
    try (Progress progress = live(true)) {
      assertEquals(before, root.getLevel());
    }
  }

  @Test
  void live_finish_leavesTheLastFrameAndPrintsNoPlainLines() {
    try (Progress progress = live(true)) {
      progress.tenant(T, 10, OptionalLong.of(0)).start();
      progress.batchDone(T, BatchOperation.UPLOAD, 1, 10);
      progress.finish();
      int length = text().length();
      progress.finish();
      assertEquals(length, text().length(), "finishing twice draws nothing more");
    }

    String last = text().substring(text().lastIndexOf("\033[2K") + "\033[2K".length());
    assertTrue(last.startsWith("t-1  [####################] 10/10  "), text());
    assertTrue(last.contains("done in"), last);
    assertFalse(text().contains("batch 1"), text());
  }

  private Progress live(boolean verbose) {
    return Progress.live(new LiveProgress(out, System::nanoTime, 79), verbose, plainLines);
  }

  private String text() {
    return screen.toString();
  }
}
