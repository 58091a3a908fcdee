package org.metersync.adapters.http.sensorthings;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The integral Observation ids below the highest one a download took that it has not seen, as
 * ranges, each with when it was first missed. An id is missing from a listing ordered by id when
 * its transaction took it from the sequence but had not committed when a higher id was read, or
 * when it was rolled back or deleted; only asking again tells these apart.
 *
 * @param ranges disjoint ranges, ordered by id
 */
record IdGaps(List<Range> ranges) {

  static final IdGaps NONE = new IdGaps(List.of());

  /**
   * Ids {@code first} to {@code last}, both included, first missed at {@code since} (kept to the
   * second, as the cursor stores it).
   */
  record Range(long first, long last, Instant since) {

    Range {
      requireNonNull(since, "since");
      if (first > last) {
        throw new IllegalArgumentException("an id gap from " + first + " to " + last);
      }
      since = since.truncatedTo(ChronoUnit.SECONDS);
    }

    boolean contains(long id) {
      return first <= id && id <= last;
    }

    /** An OData filter taking exactly these ids, on the primary key. */
    String filter() {
      return first == last ? "id eq " + first : "(id ge " + first + " and id le " + last + ")";
    }

    @Override
    public String toString() {
      return first == last ? Long.toString(first) : first + ".." + last;
    }
  }

  /**
   * What a trimming kept and dropped.
   *
   * @param dropped the ranges no longer tracked, ordered by id
   */
  record Trimmed(IdGaps kept, List<Range> dropped) {}

  IdGaps {
    ranges = List.copyOf(ranges);
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i - 1).last() >= ranges.get(i).first()) {
        throw new IllegalArgumentException(
            "id gaps overlap or are out of order: " + ranges.get(i - 1) + ", " + ranges.get(i));
      }
    }
  }

  boolean isEmpty() {
    return ranges.isEmpty();
  }

  boolean contains(long id) {
    return ranges.stream().anyMatch(range -> range.contains(id));
  }

  /**
   * These gaps and the ids between {@code high}, the highest id taken so far, and {@code next},
   * taken after it; {@code next} must be higher.
   */
  IdGaps between(long high, long next, Instant now) {
    if (next <= high) {
      throw new IllegalArgumentException("id " + next + " is not above " + high);
    }
    if (next == high + 1) {
      return this;
    }
    List<Range> more = new ArrayList<>(ranges);
    more.add(new Range(high + 1, next - 1, now));
    more.sort(Comparator.comparingLong(Range::first));
    return new IdGaps(more);
  }

  /** These gaps without {@code id}, which has been seen. */
  IdGaps without(long id) {
    List<Range> rest = new ArrayList<>(ranges.size() + 1);
    boolean found = false;
    for (Range range : ranges) {
      if (!range.contains(id)) {
        rest.add(range);
        continue;
      }
      found = true;
      if (range.first() < id) {
        rest.add(new Range(range.first(), id - 1, range.since()));
      }
      if (id < range.last()) {
        rest.add(new Range(id + 1, range.last(), range.since()));
      }
    }
    return found ? new IdGaps(rest) : this;
  }

  /** Keeps the gaps first missed at or after {@code cutoff}; older ones have settled. */
  Trimmed missedSince(Instant cutoff) {
    List<Range> kept = new ArrayList<>();
    List<Range> dropped = new ArrayList<>();
    for (Range range : ranges) {
      (range.since().isBefore(cutoff) ? dropped : kept).add(range);
    }
    return new Trimmed(dropped.isEmpty() ? this : new IdGaps(kept), dropped);
  }

  /** Keeps at most {@code max} ranges, dropping the longest missed first (then the lowest ids). */
  Trimmed atMost(int max) {
    if (ranges.size() <= max) {
      return new Trimmed(this, List.of());
    }
    List<Range> oldestFirst = new ArrayList<>(ranges);
    oldestFirst.sort(Comparator.comparing(Range::since).thenComparingLong(Range::first));
    List<Range> dropped = new ArrayList<>(oldestFirst.subList(0, ranges.size() - max));
    List<Range> kept = new ArrayList<>(oldestFirst.subList(ranges.size() - max, ranges.size()));
    dropped.sort(Comparator.comparingLong(Range::first));
    kept.sort(Comparator.comparingLong(Range::first));
    return new Trimmed(new IdGaps(kept), dropped);
  }
}
