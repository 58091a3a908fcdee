package org.metersync.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * How many readings a tenant moves at a time: {@code download} per request to the client system,
 * {@code upload} per upload request and per insert statement.
 */
public record BatchSizes(int download, int upload) {

  public static final int MIN = 1;
  public static final int MAX = 10_000;
  public static final int DEFAULT_DOWNLOAD = 1000;
  public static final int DEFAULT_UPLOAD = 100;
  public static final BatchSizes DEFAULTS = new BatchSizes(DEFAULT_DOWNLOAD, DEFAULT_UPLOAD);

  public BatchSizes {
    check("download_batch_size", download);
    check("upload_batch_size", upload);
  }

  /** True if {@code size} is a batch size this service accepts. */
  public static boolean isValid(int size) {
    return size >= MIN && size <= MAX;
  }

  private static void check(String name, int size) {
    if (!isValid(size)) {
      throw new IllegalArgumentException(
          name + " must be between " + MIN + " and " + MAX + ", was " + size);
    }
  }

  /**
   * Resolves stored values into sizes to use: a missing value takes its default with a warning, a
   * value outside {@code [1, 10000]} takes its default with an error. The caller logs the problems.
   */
  public static Resolution resolve(Integer download, Integer upload) {
    List<BatchSizeProblem> problems = new ArrayList<>(2);
    int resolvedDownload = resolveOne("download_batch_size", download, DEFAULT_DOWNLOAD, problems);
    int resolvedUpload = resolveOne("upload_batch_size", upload, DEFAULT_UPLOAD, problems);
    return new Resolution(new BatchSizes(resolvedDownload, resolvedUpload), problems);
  }

  private static int resolveOne(
      String column, Integer stored, int fallback, List<BatchSizeProblem> problems) {
    if (stored == null) {
      problems.add(BatchSizeProblem.missing(column, fallback));
      return fallback;
    }
    if (!isValid(stored)) {
      problems.add(BatchSizeProblem.outOfRange(column, stored, fallback));
      return fallback;
    }
    return stored;
  }

  /** The sizes to use and what was wrong with the stored values, if anything. */
  public record Resolution(BatchSizes sizes, List<BatchSizeProblem> problems) {
    public Resolution {
      problems = List.copyOf(problems);
    }

    public boolean usedDefaults() {
      return !problems.isEmpty();
    }
  }
}
