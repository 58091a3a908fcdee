package org.metersync.application;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work a use case handed to its executor. */
final class Futures {

  private Futures() {}

  /**
   * The result, or the task's own exception rethrown as it was thrown (not wrapped), so that
   * callers see the same failures whether the work ran on their thread or another.
   */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }
}
