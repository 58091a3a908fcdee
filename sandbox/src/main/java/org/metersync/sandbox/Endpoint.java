package org.metersync.sandbox;

/** The three endpoints of the reference-rest contract, relative to a tenant's base URL. */
public enum Endpoint {
  /** {@code GET readings?cursor=&limit=}. */
  DOWNLOAD,
  /** {@code POST readings/batch}. */
  UPLOAD,
  /** {@code GET health}. */
  HEALTH
}
