package org.metersync.adapters.http.sensorthings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.adapters.http.HttpKindRemote;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;

/** A {@link FakeFrostServer} and SensorThings adapters talking to it with a bearer token. */
final class FrostRemote extends HttpKindRemote {

  private final FakeFrostServer fake;

  FrostRemote() {
    this(new FakeFrostServer(MAPPER, TOKEN));
  }

  private FrostRemote(FakeFrostServer fake) {
    super(fake);
    this.fake = fake;
  }

  @Override
  public ClientSystemApi newAdapter(String baseUrl, Map<String, String> options) {
    return new SensorThingsClientSystemFactory(sharedClient, MAPPER, CREDENTIALS, CLOCK)
        .create(
            new ClientSystemSettings(
                TENANT,
                SensorThingsClientSystemApi.KIND,
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
    fake.leaveOutNextEntry();
  }

  @Override
  public void overfillNextPage() {
    fake.ignoreNextTop();
  }

  @Override
  public void refuseReading(ReadingId id, String reason) {
    fake.refuse(id, reason);
  }
}
