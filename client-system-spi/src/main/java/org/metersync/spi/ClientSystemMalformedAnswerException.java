package org.metersync.spi;

/** The client system answered, but not in a form that could be understood or trusted. */
public final class ClientSystemMalformedAnswerException extends ClientSystemException {

  private static final long serialVersionUID = 1L;

  public ClientSystemMalformedAnswerException(String message, Throwable cause) {
    super(message, cause);
  }

  public ClientSystemMalformedAnswerException(String message) {
    super(message, null);
  }

  @Override
  public boolean isTransient() {
    return true;
  }
}
