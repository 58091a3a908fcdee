package org.metersync.application.port;

/** The sync database failed or could not be reached; nothing of the failed call was committed. */
public class SyncDatabaseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public SyncDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
