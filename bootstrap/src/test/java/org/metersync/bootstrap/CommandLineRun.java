package org.metersync.bootstrap;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.cli.Main;

/** Runs the command line in-process against a test database and keeps what it printed. */
public record CommandLineRun(int exitCode, String out, String err) {

  public static CommandLineRun run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new CommandLineRun(code, out.toString(), err.toString());
  }

  /** A configuration file in {@code dir} that points at {@code db}, plus {@code extraLines}. */
  public static Path config(Path dir, TestDatabase db, String... extraLines) {
    StringBuilder text = new StringBuilder();
    text.append("database.url=").append(db.jdbcUrl()).append('\n');
    if (db.user() != null) {
      text.append("database.user=").append(db.user()).append('\n');
    }
    if (db.password() != null) {
      text.append("database.password=").append(db.password()).append('\n');
    }
    text.append("database.poolSize=4\n");
    for (String line : extraLines) {
      text.append(line).append('\n');
    }
    try {
      Path file = dir.resolve("meter-sync.properties");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
