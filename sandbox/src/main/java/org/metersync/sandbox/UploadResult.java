package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

/** One entry of an upload answer; {@code reason} only for {@code rejected}. */
record UploadResult(String id, String status, String reason) {

  static final String ACCEPTED = "accepted";
  static final String ALREADY_PRESENT = "already_present";
  static final String REJECTED = "rejected";

  UploadResult {
    requireNonNull(id, "id");
    requireNonNull(status, "status");
  }

  static UploadResult accepted(String id) {
    return new UploadResult(id, ACCEPTED, null);
  }

  static UploadResult alreadyPresent(String id) {
    return new UploadResult(id, ALREADY_PRESENT, null);
  }

  static UploadResult rejected(String id, String reason) {
    return new UploadResult(id, REJECTED, requireNonNull(reason, "reason"));
  }

  boolean isRejected() {
    return REJECTED.equals(status);
  }
}
