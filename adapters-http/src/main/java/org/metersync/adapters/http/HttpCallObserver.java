package org.metersync.adapters.http;

import java.time.Duration;

/** Told about every HTTP exchange with a client system; for metrics. */
public interface HttpCallObserver {

  HttpCallObserver NONE =
      new HttpCallObserver() {
        @Override
        public void answered(int status, Duration duration) {}

        @Override
        public void failed(String errorClass, Duration duration) {}
      };

  /** The client system answered with {@code status}. */
  void answered(int status, Duration duration);

  /**
   * No answer: {@code timeout}, {@code refused}, {@code reset} or {@code io}.
   *
   * @param errorClass what went wrong, in one word
   */
  void failed(String errorClass, Duration duration);
}
