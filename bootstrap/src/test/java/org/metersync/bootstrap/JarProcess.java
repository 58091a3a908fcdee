package org.metersync.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runnable jar as a separate process, for fault injection: started with extra JVM options and
 * environment, stopped with SIGTERM or SIGKILL, its logs read back. Every wait is bounded and fails
 * with the process's log.
 */
public final class JarProcess implements AutoCloseable {

  private static final Pattern HEALTH_PORT =
      Pattern.compile("health and metrics on http://localhost:(\\d+)/health");

  private final String name;
  private final Process process;
  private final Path out;
  private final Path err;

  private JarProcess(String name, Process process, Path out, Path err) {
    this.name = name;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code java [jvmOptions] -jar meter-sync.jar args...} in {@code dir}. */
  public static JarProcess start(
      String name,
      Path dir,
      List<String> jvmOptions,
      Map<String, String> environment,
      String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(dir);
      Path out = Files.createTempFile(dir, name + "-stdout-", ".log");
      Path err = Files.createTempFile(dir, name + "-stderr-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(environment);
      return new JarProcess(name, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** Runs the jar to completion (at most two minutes). */
  public static JarProcess run(
      String name, Path dir, Map<String, String> environment, String... args) {
    JarProcess process = start(name, dir, List.of(), environment, args);
    process.waitFor(Duration.ofMinutes(2));
    return process;
  }

  public static Path jar() {
    String jar = System.getProperty("metersync.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "metersync.jar does not name the built jar (run through mvn verify): " + jar);
    }
    return Path.of(jar);
  }

  /** Waits for the process to end; fails with its log if it does not within {@code timeout}. */
  public int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not end within " + timeout + "\n" + tail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Waits until {@code condition} holds while the process runs; fails naming {@code what} with the
   * process's log if it exits or the bound passes first.
   */
  public void await(String what, Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError(
            name + " exited with " + process.exitValue() + " before " + what + ":\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not reached within " + bound + ":\n" + tail());
      }
      pause(50);
    }
  }

  /** Waits until the log has {@code count} lines matching {@code pattern}. */
  public void awaitLog(String what, Duration bound, Pattern pattern, int count) {
    await(what, bound, () -> count(pattern) >= count);
  }

  /** How many lines of the log (standard error) match {@code pattern}. */
  public long count(Pattern pattern) {
    return stderr().lines().filter(line -> pattern.matcher(line).find()).count();
  }

  /** SIGTERM, as systemd or docker stop would send. */
  public void terminate() {
    process.destroy();
  }

  /** SIGKILL: no chance to clean up; waits until the process is gone. */
  public void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public int exitCode() {
    return process.exitValue();
  }

  public String stdout() {
    return read(out);
  }

  public String stderr() {
    return read(err);
  }

  /** The last lines of the log, enough to see why a wait failed. */
  public String tail() {
    List<String> lines = stderr().lines().toList();
    int from = Math.max(0, lines.size() - 80);
    return name
        + " (pid "
        + process.pid()
        + ") log, last "
        + (lines.size() - from)
        + " of "
        + lines.size()
        + " lines:\n"
        + String.join("\n", lines.subList(from, lines.size()))
        + "\nstdout:\n"
        + stdout();
  }

  /** Waits until the service logged its health port, and returns it. */
  public int healthPort() {
    await("the health port is logged", Duration.ofSeconds(60), () -> matcher().find());
    Matcher m = matcher();
    m.find();
    return Integer.parseInt(m.group(1));
  }

  private Matcher matcher() {
    return HEALTH_PORT.matcher(stderr());
  }

  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
