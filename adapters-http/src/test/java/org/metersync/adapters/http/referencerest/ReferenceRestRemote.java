package org.metersync.adapters.http.referencerest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.adapters.http.HttpKindRemote;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/** A {@link FakeReferenceRestServer} and reference-rest adapters talking to it. */
final class ReferenceRestRemote extends HttpKindRemote {

  private final FakeReferenceRestServer fake;

  ReferenceRestRemote() {
    this(new FakeReferenceRestServer(MAPPER, TOKEN));
  }

  private ReferenceRestRemote(FakeReferenceRestServer fake) {
    super(fake);
    this.fake = fake;
  }

  FakeReferenceRestServer fake() {
    return fake;
  }

  @Override
  public ClientSystemApi newAdapter(String baseUrl, Map<String, String> options) {
    return new ReferenceRestClientSystemFactory(sharedClient, MAPPER, CREDENTIALS, CLOCK)
        .create(
            new ClientSystemSettings(
                TENANT,
                ReferenceRestClientSystemApi.KIND,
                baseUrl,
                Optional.of(TOKEN_REFERENCE),
                options));
  }

  @Override
  public void offer(List<MeterReading> readings) {
    fake.offer(readings);
  }

  @Override
  public List<MeterReading> held(ReadingId id) {
    return fake.held(id);
  }

  @Override
  public void omitAVerdictFromNextUploadAnswer() {
    fake.leaveOutNextResult();
  }

  @Override
  public void overfillNextPage() {
    fake.ignoreNextLimit();
  }

  @Override
  public void refuseReading(ReadingId id, String reason) {
    fake.refuse(id, reason);
  }
}
