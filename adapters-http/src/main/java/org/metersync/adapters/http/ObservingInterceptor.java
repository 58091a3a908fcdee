package org.metersync.adapters.http;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Response;
import org.metersync.spi.CallObserver;

/** Reports each exchange's status or failure class and its duration to an observer. */
final class ObservingInterceptor implements Interceptor {

  private final CallObserver observer;

  ObservingInterceptor(CallObserver observer) {
    this.observer = observer;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long start = System.nanoTime();
    try {
      Response response = chain.proceed(chain.request());
      observer.answered(response.code(), Duration.ofNanos(System.nanoTime() - start));
      return response;
    } catch (IOException e) {
      observer.failed(errorClass(e), Duration.ofNanos(System.nanoTime() - start));
      throw e;
    }
  }

  static String errorClass(IOException e) {
    if (e instanceof InterruptedIOException) {
      return "timeout";
    }
    if (e instanceof ConnectException) {
      return "refused";
    }
    if (e instanceof SocketException) {
      return "reset";
    }
    return "io";
  }
}
