package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** Splits a sequence into batches. */
public final class Batches {

  private Batches() {}

  /**
   * Splits {@code items} into consecutive batches of {@code size}, the last one possibly smaller:
   * in order, nothing lost or repeated. The batches are views of an immutable copy.
   */
  public static <T> List<List<T>> split(List<T> items, int size) {
    requireNonNull(items, "items");
    if (size < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, was " + size);
    }
    List<T> copy = List.copyOf(items);
    List<List<T>> batches = new ArrayList<>((copy.size() + size - 1) / size);
    for (int from = 0; from < copy.size(); from += size) {
      batches.add(copy.subList(from, Math.min(copy.size(), from + size)));
    }
    return batches;
  }
}
