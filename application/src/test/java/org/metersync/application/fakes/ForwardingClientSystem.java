package org.metersync.application.fakes;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ReadingsPage;

/** A client system that passes every call on; tests override the calls they watch or change. */
public class ForwardingClientSystem implements ClientSystemApi {

  private final ClientSystemApi delegate;

  public ForwardingClientSystem(ClientSystemApi delegate) {
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
    return delegate.upload(batch);
  }

  @Override
  public void checkReachable() {
    delegate.checkReachable();
  }
}
