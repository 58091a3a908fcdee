package org.metersync.bootstrap.loop;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Waits for SIGTERM or SIGINT. Handling the signals ourselves (instead of in a shutdown hook) lets
 * the service finish its batches, close the database and exit with status 0.
 */
public final class ShutdownSignal {

  private static final Logger log = LoggerFactory.getLogger(ShutdownSignal.class);

  private final CountDownLatch received = new CountDownLatch(1);

  public ShutdownSignal install() {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          signal -> {
            log.info("SIG{} received: stopping", signal.getName());
            received.countDown();
          });
    }
    return this;
  }

  public void await() throws InterruptedException {
    received.await();
  }

  /** For tests and callers that stop the service themselves. */
  public void trigger() {
    received.countDown();
  }
}
