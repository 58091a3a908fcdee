package org.metersync.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The migrations this build ships, so tests of {@code migrate} need no count written down. */
public final class BuildMigrations {

  private BuildMigrations() {}

  /** How many {@code V<n>__*.sql} files adapters-postgres holds. */
  public static long count() {
    Path directory =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("adapters-postgres/src/main/resources/db/migration");
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().matches("V\\d+__.+\\.sql")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
