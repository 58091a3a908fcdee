package org.metersync.sandbox;

import java.time.Duration;

/** Waits for injected latency; replaced in tests so that no test has to sleep. */
@FunctionalInterface
public interface Sleeper {

  /** Really sleeps. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
