package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;

/** A {@link RandomGenerator} shared by the server's threads: every draw under one lock. */
final class LockedRandom implements RandomGenerator {

  private final RandomGenerator delegate;

  LockedRandom(RandomGenerator delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public synchronized long nextLong() {
    return delegate.nextLong();
  }

  @Override
  public synchronized long nextLong(long origin, long bound) {
    return delegate.nextLong(origin, bound);
  }

  @Override
  public synchronized double nextDouble() {
    return delegate.nextDouble();
  }
}
