package org.metersync.bench;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;

/**
 * A tenant's client system with its uploads timed from the caller's side (writing the request, the
 * client system's work, reading the answer), so that a remote-bound run can tell the time spent in
 * requests from the time between them.
 */
final class TimedUploads implements ClientSystemApi {

  private final ClientSystemApi delegate;
  private final List<Long> uploads = new ArrayList<>();

  TimedUploads(ClientSystemApi delegate) {
    this.delegate = requireNonNull(delegate, "delegate");
  }

  @Override
  public String kind() {
    return delegate.kind();
  }

  @Override
  public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    return delegate.fetchReadings(cursor, limit);
  }

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    long start = System.nanoTime();
    try {
      return delegate.upload(batch);
    } finally {
      long nanos = System.nanoTime() - start;
      synchronized (uploads) {
        uploads.add(nanos);
      }
    }
  }

  @Override
  public void checkReachable() {
    delegate.checkReachable();
  }

  /** The uploads' times so far. */
  StatementTimes.Timings uploads() {
    synchronized (uploads) {
      return StatementTimes.Timings.ofNanos(uploads.stream().mapToLong(Long::longValue).toArray());
    }
  }
}
