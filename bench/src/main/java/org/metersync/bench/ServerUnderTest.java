package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The database the benchmark measured: the benchmark's own embedded server or an external one, its
 * version and {@code synchronous_commit}, and the synchronized history preloaded beside the runs.
 */
record ServerUnderTest(
    boolean embedded,
    String version,
    String synchronousCommit,
    long historyReadings,
    int historyTenants) {

  ServerUnderTest {
    requireNonNull(version, "version");
    requireNonNull(synchronousCommit, "synchronousCommit");
    if (historyReadings < 0 || historyTenants < 0) {
      throw new IllegalArgumentException("negative history: " + historyReadings);
    }
  }

  /** {@code embedded} or {@code external}. */
  String kind() {
    return embedded ? "embedded" : "external";
  }

  /** One line for the header above the table. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "PostgreSQL %s, %s (%s), synchronous_commit=%s; history: %s",
        version,
        kind(),
        embedded ? "the bench's own" : "configured",
        synchronousCommit,
        historyReadings == 0
            ? "none"
            : historyReadings + " synchronized readings of " + historyTenants + " other tenants");
  }
}
