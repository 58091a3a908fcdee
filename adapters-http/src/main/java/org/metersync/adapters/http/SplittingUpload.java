package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch in requests whose bodies stay within a maximum size: a part whose body is too large
 * is halved before it is sent, and a part the server refuses with {@code 413} is halved and sent
 * again. An item that alone is still too large is refused with the reason. Shared by every kind
 * that uploads in one request per batch.
 *
 * @param <T> what the batch is made of, such as readings or rows
 */
public final class SplittingUpload<T> {

  /** The option key, the same for every kind: the largest upload request body in bytes. */
  public static final String MAX_REQUEST_BYTES = "maxRequestBytes";

  public static final long DEFAULT_MAX_REQUEST_BYTES = 1_048_576;

  private static final Logger log = LoggerFactory.getLogger(SplittingUpload.class);
  private static final int PAYLOAD_TOO_LARGE = 413;

  /** How one kind of client system turns a part into a request and takes its answer. */
  public interface Requests<T> {

    /** The request body of {@code part}, exactly as it will be sent. */
    byte[] body(List<T> part);

    /** Sends {@code body} and returns the server's answer, whatever its status. */
    HttpAnswer send(List<T> part, byte[] body);

    /** Takes the answer to {@code part}: any status but {@code 413}, which is handled here. */
    void answered(List<T> part, HttpAnswer answer);

    /** {@code item} cannot be sent in any request, for {@code reason}. */
    void refused(T item, String reason);
  }

  private final ClientSystemCalls calls;
  private final long maxRequestBytes;
  private final Requests<T> requests;

  public SplittingUpload(ClientSystemCalls calls, long maxRequestBytes, Requests<T> requests) {
    this.calls = requireNonNull(calls, "calls");
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + maxRequestBytes);
    }
    this.maxRequestBytes = maxRequestBytes;
    this.requests = requireNonNull(requests, "requests");
  }

  /** Sends every item of {@code batch}, in order, in as few requests as the limits allow. */
  public void send(List<T> batch) {
    if (!batch.isEmpty()) {
      sendPart(List.copyOf(batch));
    }
  }

  private void sendPart(List<T> part) {
    byte[] body = requests.body(part);
    if (body.length > maxRequestBytes) {
      splitOrRefuse(
          part,
          "the reading alone is "
              + body.length
              + " bytes, more than the maximum request body of "
              + maxRequestBytes
              + " bytes");
      return;
    }
    HttpAnswer answer = requests.send(part, body);
    if (answer.status() == PAYLOAD_TOO_LARGE) {
      log.info(
          "tenant={} upload of {} items ({} bytes) answered 413, splitting",
          calls.tenantId(),
          part.size(),
          body.length);
      splitOrRefuse(part, "the client system refused the reading as too large (413)");
      return;
    }
    requests.answered(part, answer);
  }

  private void splitOrRefuse(List<T> part, String reasonIfSingle) {
    if (part.size() == 1) {
      requests.refused(part.get(0), reasonIfSingle);
      return;
    }
    int half = part.size() / 2;
    sendPart(part.subList(0, half));
    sendPart(part.subList(half, part.size()));
  }
}
