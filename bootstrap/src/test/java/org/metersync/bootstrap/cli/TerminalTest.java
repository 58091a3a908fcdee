package org.metersync.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {

  /** From JDK 22 a console exists even here; the check must still say "not a terminal". */
  @Test
  void isInteractive_underTheTestRunner_false() {
    assertFalse(Terminal.isInteractive());
    assertFalse(Terminal.isInteractive(System.console(), Map.of("TERM", "xterm-256color")));
  }

  @Test
  void isInteractive_noConsole_false() {
    assertFalse(Terminal.isInteractive(null, Map.of("TERM", "xterm-256color")));
  }
}
