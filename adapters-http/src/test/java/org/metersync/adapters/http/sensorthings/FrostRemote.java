package org.metersync.adapters.http.sensorthings;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.metersync.adapters.http.HttpKindRemote;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.testkit.Misbehaviour;

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
  public Set<Misbehaviour> misbehaviours() {
    Set<Misbehaviour> all = EnumSet.copyOf(HTTP_MISBEHAVIOURS);
    all.addAll(
        EnumSet.of(
            Misbehaviour.VERDICT_MISSING,
            Misbehaviour.PAGE_OVER_LIMIT,
            Misbehaviour.REFUSES_READING));
    return all;
  }

  @Override
  public void misbehaveOnNextCall(Misbehaviour misbehaviour) {
    switch (misbehaviour) {
      case VERDICT_MISSING -> fake.leaveOutNextEntry();
      case PAGE_OVER_LIMIT -> fake.ignoreNextTop();
      default -> super.misbehaveOnNextCall(misbehaviour);
    }
  }

  @Override
  public void refuseReading(ReadingId id, String reason) {
    fake.refuse(id, reason);
  }
}
