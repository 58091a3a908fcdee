package org.metersync.bench;

import static java.util.Objects.requireNonNull;

/**
 * What a remote-bound run adds to its row: how long the client system was busy with the tenant's
 * requests, how long the requests took from the sender's side, and the lease renewals the upload
 * makes before each of them.
 *
 * @param busySeconds time the client system spent on the tenant's requests, cost included
 * @param requests the upload requests, each from sending it to having read its answer
 * @param renew the upload's lease renewals, one before each request (none for the yardstick)
 */
record RemoteFigures(
    double busySeconds, StatementTimes.Timings requests, StatementTimes.Timings renew) {

  RemoteFigures {
    requireNonNull(requests, "requests");
    requireNonNull(renew, "renew");
    if (busySeconds < 0) {
      throw new IllegalArgumentException("negative busy time: " + busySeconds);
    }
  }

  /** The share of the run's wall-clock time the client system was busy. */
  double busyShare(double seconds) {
    return busySeconds / seconds;
  }

  /**
   * The client system's idle time per request, in milliseconds: the run's time in which it waited
   * for the sender (between its answer and the next request).
   */
  double idleMsPerRequest(double seconds, long requestCount) {
    return requestCount == 0 ? 0 : Math.max(0, seconds - busySeconds) * 1000 / requestCount;
  }
}
