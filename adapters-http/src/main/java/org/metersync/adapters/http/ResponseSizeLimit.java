package org.metersync.adapters.http;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;

/**
 * Fails a call whose answer body is larger than a limit, counting the bytes as they are read (after
 * any decompression), so that an endless or huge body is never held in memory: one that declares a
 * larger {@code Content-Length} fails before its first byte is read, any other once the limit is
 * passed.
 */
final class ResponseSizeLimit implements Interceptor {

  private final long maxBytes;

  ResponseSizeLimit(long maxBytes) {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Response response = chain.proceed(chain.request());
    ResponseBody body = response.body();
    long declared = body.contentLength();
    if (declared > maxBytes) {
      chain.call().cancel();
      response.close();
      throw new AnswerTooLargeException(
          "the answer declares " + declared + " bytes, more than " + limit());
    }
    Source counted = new Counted(body.source(), chain.call());
    return response
        .newBuilder()
        .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), declared))
        .build();
  }

  private String limit() {
    return "the limit of " + maxBytes + " bytes (maxResponseBytes)";
  }

  /**
   * Passes bytes through until there are more than the limit, then cancels the call: closing the
   * body instead would let OkHttp read on for a while to keep the connection, taking more of a
   * hostile answer.
   */
  private final class Counted extends ForwardingSource {
    private final Call call;
    private long read;

    Counted(Source delegate, Call call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long n = super.read(sink, Math.min(byteCount, maxBytes - read + 1));
      if (n > 0) {
        read += n;
        if (read > maxBytes) {
          call.cancel();
          throw new AnswerTooLargeException("the answer is larger than " + limit());
        }
      }
      return n;
    }
  }

  /** The answer passed the limit; the call failed, and no more of it is read. */
  static final class AnswerTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLargeException(String message) {
      super(message);
    }
  }
}
