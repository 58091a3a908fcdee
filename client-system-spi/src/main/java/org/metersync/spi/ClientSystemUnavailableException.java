package org.metersync.spi;

import java.time.Duration;
import java.util.Optional;

/** Transient: the client system could not be reached or asked us to come back later. */
public final class ClientSystemUnavailableException extends ClientSystemException {

  private static final long serialVersionUID = 1L;
  private final transient Duration retryAfter;

  public ClientSystemUnavailableException(String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public ClientSystemUnavailableException(String message, Throwable cause) {
    this(message, null, cause);
  }

  /**
   * How long the client system asked us to wait (for HTTP kinds, {@code Retry-After}), if it said.
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
