package org.metersync.bench;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the benchmark gets the service it measures: implemented by the composition root, so that
 * what runs is wired exactly as the service wires it.
 */
@FunctionalInterface
public interface BenchHost {

  /**
   * Opens the service on the database that {@code configFile} configures or, without one, on an
   * embedded PostgreSQL of its own in {@code directory} that runs with {@code synchronous_commit}
   * on or off as {@code synchronousCommit} says. The schema is not migrated yet.
   */
  BenchService open(Optional<Path> configFile, Path directory, boolean synchronousCommit);
}
