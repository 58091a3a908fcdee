package org.metersync.application.port;

/** Whether the sync database answers right now. */
public interface DatabaseHealth {

  /** True if the database answered a check within a short time; never throws. */
  boolean reachable();
}
