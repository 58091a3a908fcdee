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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The runnable jar, started as a separate process for end-to-end tests. */
final class ServiceProcess implements AutoCloseable {

  private static final Pattern HEALTH_PORT =
      Pattern.compile("health and metrics on http://localhost:(\\d+)/health");

  private final Process process;
  private final Path out;
  private final Path err;

  private ServiceProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code java -jar meter-sync.jar args...} in {@code dir} with extra environment. */
  static ServiceProcess start(Path dir, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx256m");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(dir, "stdout-", ".log");
      Path err = Files.createTempFile(dir, "stderr-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(environment);
      return new ServiceProcess(builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  /** Runs the jar to completion and returns its exit status. */
  static ServiceProcess run(Path dir, Map<String, String> environment, String... args) {
    ServiceProcess process = start(dir, environment, args);
    process.waitFor(Duration.ofMinutes(2));
    return process;
  }

  static Path jar() {
    String jar = System.getProperty("metersync.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "metersync.jar does not name the built jar (run through mvn verify): " + jar);
    }
    return Path.of(jar);
  }

  int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("process did not end within " + timeout + "\n" + stderr());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  int exitCode() {
    return process.exitValue();
  }

  /** SIGTERM, as systemd or docker stop would send. */
  void terminate() {
    process.destroy();
  }

  /** SIGKILL: no chance to clean up. */
  void kill() {
    process.destroyForcibly();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String stdout() {
    return read(out);
  }

  String stderr() {
    return read(err);
  }

  /** Waits until the service logged its health port, and returns it. */
  int healthPort(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = HEALTH_PORT.matcher(stderr());
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!process.isAlive()) {
        throw new AssertionError("service exited with " + process.exitValue() + ":\n" + stderr());
      }
      sleep(50);
    }
    throw new AssertionError("no health port logged within " + timeout + ":\n" + stderr());
  }

  static void sleep(long millis) {
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
