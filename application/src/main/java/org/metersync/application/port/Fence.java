package org.metersync.application.port;

/**
 * What a cycle's writes are fenced by: a write with a {@link Token} applies only while its tenant's
 * lease still has that token, checked in the write's own statement or transaction.
 */
public sealed interface Fence permits Fence.Token, Fence.None {

  /** Writes no lease guards: a tenant no other worker syncs (the bench's own, a test's). */
  static Fence none() {
    return None.INSTANCE;
  }

  /** The token a lease was taken with. */
  record Token(long value) implements Fence {}

  /** No fence. */
  enum None implements Fence {
    INSTANCE
  }
}
