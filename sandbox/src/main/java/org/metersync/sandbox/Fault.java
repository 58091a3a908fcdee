package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Something going wrong at the client system, injected through {@link SandboxSwitches}. Each
 * request gets at most one fault. Faults that corrupt an answer ({@link MalformedJson}, {@link
 * WrongResultCount}) and {@link AcceptAndLoseResponse} process the request normally first, so the
 * client faces an unknown outcome; the others ({@link Status}, {@link Drop}, {@link Hang}, {@link
 * FailBatchesContaining}) apply nothing.
 */
public sealed interface Fault {

  /** The endpoints this fault can be injected on; upload-only faults say so. */
  default Set<Endpoint> endpoints() {
    return EnumSet.allOf(Endpoint.class);
  }

  /** An error status with a small JSON body, and {@code Retry-After} in seconds if given. */
  record Status(int code, Optional<Duration> retryAfter) implements Fault {
    public Status {
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("an injected status must be 4xx or 5xx: " + code);
      }
      requireNonNull(retryAfter, "retryAfter");
      retryAfter.ifPresent(
          d -> {
            if (d.isNegative()) {
              throw new IllegalArgumentException("Retry-After must not be negative: " + d);
            }
          });
    }
  }

  /** The connection is closed without any answer. */
  record Drop() implements Fault {}

  /**
   * No answer for {@code duration} (or until the sandbox closes), then the connection is closed:
   * beyond a client's timeout, nothing applied.
   */
  record Hang(Duration duration) implements Fault {
    public Hang {
      requireNonNull(duration, "duration");
    }
  }

  /** The request is handled normally after an extra {@code delay}. */
  record Slow(Duration delay) implements Fault {
    public Slow {
      requireNonNull(delay, "delay");
    }
  }

  /** {@code 200} with a body that is not JSON, after normal processing. */
  record MalformedJson() implements Fault {}

  /** The batch is applied, but the answer leaves out the last result (or adds one to none). */
  record WrongResultCount() implements Fault {
    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.UPLOAD);
    }
  }

  /** The listed readings are rejected with {@code reason} and not stored; the rest as usual. */
  record Reject(Set<String> ids, String reason) implements Fault {
    public Reject {
      ids = Set.copyOf(ids);
      requireNonNull(reason, "reason");
      if (reason.isBlank()) {
        throw new IllegalArgumentException("a rejection needs a reason");
      }
    }

    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.UPLOAD);
    }
  }

  /**
   * An upload holding any of the listed readings is answered with status {@code code} as a whole
   * and stores nothing, as a server whose bug those readings' data triggers; an upload without one
   * is handled as usual (and the fault is not counted).
   */
  record FailBatchesContaining(Set<String> ids, int code) implements Fault {
    public FailBatchesContaining {
      ids = Set.copyOf(ids);
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("name at least one reading");
      }
      if (code < 400 || code > 599) {
        throw new IllegalArgumentException("an injected status must be 4xx or 5xx: " + code);
      }
    }

    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.UPLOAD);
    }

    boolean hits(List<UploadItem> items) {
      return items.stream().anyMatch(item -> ids.contains(item.id()));
    }
  }

  /**
   * A download answered with every reading left from the cursor, ignoring {@code limit}, as a
   * server that does not honour it would.
   */
  record IgnoreLimit() implements Fault {
    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.DOWNLOAD);
    }
  }

  /** The batch is applied (and its answer remembered), then the connection is closed. */
  record AcceptAndLoseResponse() implements Fault {
    @Override
    public Set<Endpoint> endpoints() {
      return EnumSet.of(Endpoint.UPLOAD);
    }
  }

  static Fault status(int code) {
    return new Status(code, Optional.empty());
  }

  static Fault internalServerError() {
    return status(500);
  }

  static Fault badGateway() {
    return status(502);
  }

  static Fault serviceUnavailable() {
    return status(503);
  }

  static Fault requestTimeout() {
    return status(408);
  }

  static Fault payloadTooLarge() {
    return status(413);
  }

  /** {@code 429} with {@code Retry-After: <whole seconds>}. */
  static Fault tooManyRequests(Duration retryAfter) {
    return new Status(429, Optional.of(retryAfter));
  }

  static Fault dropConnection() {
    return new Drop();
  }

  static Fault hang(Duration duration) {
    return new Hang(duration);
  }

  static Fault slow(Duration delay) {
    return new Slow(delay);
  }

  static Fault malformedJson() {
    return new MalformedJson();
  }

  static Fault wrongResultCount() {
    return new WrongResultCount();
  }

  static Fault reject(String reason, String... ids) {
    return new Reject(Set.copyOf(List.of(ids)), reason);
  }

  /** Any upload holding one of {@code ids} is answered {@code 500} and stores nothing. */
  static Fault failBatchesContaining(String... ids) {
    return new FailBatchesContaining(Set.of(ids), 500);
  }

  static Fault ignoreLimit() {
    return new IgnoreLimit();
  }

  static Fault acceptAndLoseResponse() {
    return new AcceptAndLoseResponse();
  }
}
