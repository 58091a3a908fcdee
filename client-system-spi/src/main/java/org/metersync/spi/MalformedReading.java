package org.metersync.spi;

import static java.util.Objects.requireNonNull;

/**
 * A reading from a client system that could not be taken.
 *
 * @param readingId the id as the client system sent it, or null if it had none
 * @param payload the reading as received, for an operator to inspect
 * @param reason what was wrong with it
 */
public record MalformedReading(String readingId, String payload, String reason) {
  public MalformedReading {
    requireNonNull(payload, "payload");
    requireNonNull(reason, "reason");
  }
}
