package org.metersync.sandbox;

/** A request the sandbox answers with {@code 400} and this message. */
final class BadRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message, null, false, false);
  }
}
