package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class DownloadCursorPropertiesTest {

  private static final int EXAMPLES = 300;

  /** Few kinds and endpoints, so that equal and different sources both come up often. */
  private static Gen<DownloadSource> sources() {
    Gen<String> kinds = integers().between(0, 2).map(i -> new String[] {"a", "b", "c"}[i]);
    Gen<String> endpoints =
        integers().between(0, 3).map(i -> new String[] {"http://x/", "http://x", "/d", ""}[i]);
    return kinds.zip(endpoints, DownloadSource::new);
  }

  private static Gen<Optional<DownloadSource>> storedSources() {
    return integers()
        .between(0, 4)
        .zip(
            sources(),
            (i, source) -> i == 0 ? Optional.<DownloadSource>empty() : Optional.of(source));
  }

  @Test
  @DisplayName("cursor rule: a cursor is sent exactly to the kind and endpoint that wrote it")
  void cursorSentOnlyToItsOwnSource() {
    qt().withExamples(EXAMPLES)
        .forAll(strings().allPossible().ofLengthBetween(0, 20), storedSources(), sources())
        .checkAssert(
            (value, stored, current) -> {
              Optional<String> sent = new DownloadCursor(value, stored).resumeFrom(current);
              boolean own = stored.isPresent() && stored.get().equals(current);
              assertEquals(own ? Optional.of(value) : Optional.empty(), sent);
            });
  }
}
