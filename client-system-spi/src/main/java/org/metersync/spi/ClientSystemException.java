package org.metersync.spi;

/** A client system call that did not give a usable answer. See {@link ClientSystemApi}. */
public abstract sealed class ClientSystemException extends RuntimeException
    permits ClientSystemUnavailableException,
        ClientSystemRejectedException,
        ClientSystemMalformedAnswerException {

  private static final long serialVersionUID = 1L;

  protected ClientSystemException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed if tried again later. */
  public abstract boolean isTransient();
}
