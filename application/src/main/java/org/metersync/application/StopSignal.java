package org.metersync.application;

/** Asked between batches whether to stop early, such as on shutdown. */
@FunctionalInterface
public interface StopSignal {
  boolean stopRequested();
}
