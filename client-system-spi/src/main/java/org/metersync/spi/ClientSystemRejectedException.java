package org.metersync.spi;

/** Permanent: the client system refused the request as such; repeating it will not help. */
public final class ClientSystemRejectedException extends ClientSystemException {

  private static final long serialVersionUID = 1L;
  private final String code;
  private final boolean authentication;

  /**
   * @param code the client system's own code for the refusal (the HTTP status for HTTP kinds), or
   *     an empty string
   * @param authentication whether the tenant's credentials were refused
   */
  public ClientSystemRejectedException(String message, String code, boolean authentication) {
    super(message, null);
    this.code = java.util.Objects.requireNonNull(code, "code");
    this.authentication = authentication;
  }

  /** The client system's code for the refusal (the HTTP status for HTTP kinds), or empty. */
  public String code() {
    return code;
  }

  /** Whether the tenant's credentials were refused (for HTTP kinds: 401/403). */
  public boolean isAuthentication() {
    return authentication;
  }

  @Override
  public boolean isTransient() {
    return false;
  }
}
