package org.metersync.domain;

import static java.util.Objects.requireNonNull;

/** What the client system said about one uploaded reading. */
public sealed interface UploadVerdict {

  /** The client system stored the reading now. */
  record Accepted() implements UploadVerdict {}

  /** The client system had the reading already (a repeat after an unknown outcome). */
  record AlreadyPresent() implements UploadVerdict {}

  /** The client system refused the reading, with its reason. */
  record Rejected(String reason) implements UploadVerdict {
    public Rejected {
      requireNonNull(reason, "reason");
    }
  }

  UploadVerdict ACCEPTED = new Accepted();
  UploadVerdict ALREADY_PRESENT = new AlreadyPresent();

  static UploadVerdict rejected(String reason) {
    return new Rejected(reason);
  }

  /** Whether the client system now holds the reading. */
  default boolean held() {
    return !(this instanceof Rejected);
  }
}
