package org.metersync.bootstrap.plugins;

/** A kind of client system could not be loaded; the message names where it came from. */
public final class PluginException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}
