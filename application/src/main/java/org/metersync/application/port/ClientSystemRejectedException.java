package org.metersync.application.port;

/** Permanent: the client system refused the request as such; repeating it will not help. */
public final class ClientSystemRejectedException extends ClientSystemException {

  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean authentication;

  public ClientSystemRejectedException(String message, int status, boolean authentication) {
    super(message, null);
    this.status = status;
    this.authentication = authentication;
  }

  /** The HTTP status, or 0 if there was none. */
  public int status() {
    return status;
  }

  /** Whether the tenant's credentials were refused (401/403). */
  public boolean isAuthentication() {
    return authentication;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
