package org.metersync.spi;

import java.time.Duration;

/** Told about every exchange with a client system; for metrics. */
public interface CallObserver {

  CallObserver NONE =
      new CallObserver() {
        @Override
        public void answered(int status, Duration duration) {}

        @Override
        public void failed(String errorClass, Duration duration) {}
      };

  /**
   * The client system answered.
   *
   * @param status the protocol's status code of the answer (the HTTP status for HTTP kinds; 0 for a
   *     protocol without one)
   */
  void answered(int status, Duration duration);

  /**
   * No answer: {@code timeout}, {@code refused}, {@code reset} or {@code io}.
   *
   * @param errorClass what went wrong, in one word
   */
  void failed(String errorClass, Duration duration);
}
