package org.metersync.bootstrap.cli;

import java.io.Console;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/** Whether standard output is a terminal that understands cursor movement. */
final class Terminal {

  private Terminal() {}

  /** True for an interactive terminal; false for a pipe, a file, CI, or {@code TERM=dumb}. */
  static boolean isInteractive() {
    return isInteractive(System.console(), System.getenv());
  }

  static boolean isInteractive(Console console, Map<String, String> environment) {
    if (console == null || "dumb".equals(environment.get("TERM"))) {
      return false;
    }
    return consoleIsTerminal(console);
  }

  /**
   * Up to JDK 21 a console exists only when standard input and output are terminals. From JDK 22 it
   * exists anyway, and {@code Console.isTerminal()} (absent on 17, hence reflection) tells.
   */
  private static boolean consoleIsTerminal(Console console) {
    Method isTerminal;
    try {
      isTerminal = Console.class.getMethod("isTerminal");
    } catch (NoSuchMethodException e) {
      return true;
    }
    try {
      return (Boolean) isTerminal.invoke(console);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return false;
    }
  }
}
