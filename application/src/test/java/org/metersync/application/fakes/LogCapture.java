package org.metersync.application.fakes;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures what one class logs, for assertions; use in try-with-resources. While open, that
 * logger's events go only here, so captured tests stay quiet on the console.
 */
public final class LogCapture implements AutoCloseable {

  /** One captured event: its level and its formatted message. */
  public record Line(Level level, String message) {}

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          // An event reads the MDC lazily; take it now, on the thread that logged.
          event.prepareForDeferredProcessing();
          super.append(event);
        }
      };
  private final Level previousLevel;
  private final boolean previousAdditive;

  private LogCapture(Class<?> type) {
    logger = (Logger) LoggerFactory.getLogger(type);
    previousLevel = logger.getLevel();
    previousAdditive = logger.isAdditive();
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(Level.DEBUG);
    logger.setAdditive(false);
  }

  public static LogCapture of(Class<?> type) {
    return new LogCapture(type);
  }

  public List<Line> lines() {
    return appender.list.stream()
        .map(e -> new Line(e.getLevel(), e.getFormattedMessage()))
        .toList();
  }

  /** Each captured event's MDC, in the order of {@link #lines()}. */
  public List<Map<String, String>> contexts() {
    return appender.list.stream().map(e -> Map.copyOf(e.getMDCPropertyMap())).toList();
  }

  public List<String> messages(Level level) {
    return lines().stream().filter(l -> l.level() == level).map(Line::message).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previousLevel);
    logger.setAdditive(previousAdditive);
    appender.stop();
  }

  /**
   * Turns logging under {@code org.metersync} off until the returned handle is closed; for property
   * tests, which would otherwise print thousands of lines.
   */
  public static AutoCloseable silence() {
    Logger root = (Logger) LoggerFactory.getLogger("org.metersync");
    Level previous = root.getLevel();
    root.setLevel(Level.OFF);
    return () -> root.setLevel(previous);
  }
}
