package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.ResponseBody;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import retrofit2.Call;
import retrofit2.Response;

/**
 * Runs one tenant's HTTP calls and turns every failure into the port's exceptions, so that no
 * {@code IOException} or Retrofit type leaves an adapter.
 */
public final class ClientSystemCalls {

  private static final int MAX_ERROR_TEXT = 300;

  private final TenantId tenantId;
  private final String kind;
  private final Clock clock;

  public ClientSystemCalls(TenantId tenantId, String kind, Clock clock) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.kind = requireNonNull(kind, "kind");
    this.clock = requireNonNull(clock, "clock");
  }

  public TenantId tenantId() {
    return tenantId;
  }

  /** Runs {@code call} and returns its answer whatever the status; I/O failures are mapped. */
  public HttpAnswer exchange(Call<ResponseBody> call, String what) {
    try {
      Response<ResponseBody> response = call.execute();
      try (ResponseBody body = response.isSuccessful() ? response.body() : response.errorBody()) {
        String text = body == null ? "" : body.string();
        return new HttpAnswer(response.code(), response.headers(), text);
      }
    } catch (ResponseSizeLimit.AnswerTooLargeException e) {
      throw malformed(what, e.getMessage(), e);
    } catch (IOException e) {
      throw unavailable(what, e);
    }
  }

  /** Runs {@code call} and returns its answer if it is a 2xx, else throws the mapped exception. */
  public HttpAnswer success(Call<ResponseBody> call, String what) {
    HttpAnswer answer = exchange(call, what);
    if (!answer.isSuccessful()) {
      throw failure(answer, what);
    }
    return answer;
  }

  /** The exception for a non-2xx answer. */
  public ClientSystemException failure(HttpAnswer answer, String what) {
    int status = answer.status();
    String prefix = prefix(what) + "HTTP " + status;
    if (status == 408 || status == 429 || status >= 500) {
      Duration retryAfter =
          RetryAfter.parse(answer.headers().get("Retry-After"), clock).orElse(null);
      return new ClientSystemUnavailableException(
          prefix + (retryAfter == null ? "" : ", retry after " + retryAfter) + detail(answer),
          retryAfter,
          null);
    }
    if (status == 401 || status == 403) {
      return new ClientSystemRejectedException(
          prefix
              + ": authentication problem: the client system refused the credentials of tenant "
              + tenantId,
          Integer.toString(status),
          true);
    }
    if (status >= 400) {
      return new ClientSystemRejectedException(
          prefix + detail(answer), Integer.toString(status), false);
    }
    return new ClientSystemMalformedAnswerException(
        prefix + ": unexpected status" + detail(answer));
  }

  /** A malformed-answer exception naming the tenant and the call. */
  public ClientSystemMalformedAnswerException malformed(String what, String problem) {
    return new ClientSystemMalformedAnswerException(prefix(what) + problem);
  }

  /** A malformed-answer exception naming the tenant and the call, with its cause. */
  public ClientSystemMalformedAnswerException malformed(String what, String problem, Throwable e) {
    return new ClientSystemMalformedAnswerException(prefix(what) + problem, e);
  }

  /**
   * The malformed-answer exception for an answer Jackson could not read: not JSON at all, or over
   * one of its limits (string length, nesting depth, document length).
   */
  public ClientSystemMalformedAnswerException notJson(String what, JsonProcessingException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StreamConstraintsException limit) {
        return malformed(what, "the answer exceeds a limit: " + limit.getOriginalMessage(), e);
      }
    }
    return malformed(what, "the answer is not JSON: " + e.getOriginalMessage(), e);
  }

  private ClientSystemUnavailableException unavailable(String what, IOException e) {
    String reason;
    if (e instanceof ConnectException) {
      reason = "connection refused";
    } else if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
      reason = "timed out";
    } else {
      reason = "connection failed";
    }
    return new ClientSystemUnavailableException(
        prefix(what) + reason + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
        e);
  }

  private String prefix(String what) {
    return "tenant " + tenantId + ", " + kind + " client system, " + what + ": ";
  }

  private static String detail(HttpAnswer answer) {
    String body = answer.body().strip();
    if (body.isEmpty()) {
      return "";
    }
    return ": " + (body.length() > MAX_ERROR_TEXT ? body.substring(0, MAX_ERROR_TEXT) + "…" : body);
  }
}
