package org.metersync.sandbox;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemApi;
import org.metersync.adapters.http.referencerest.ReferenceRestClientSystemFactory;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.testkit.ContractRemote;

/**
 * One tenant of a running sandbox as the contract kit's remote, with reference-rest adapters: the
 * sandbox's own faults simulate everything the kit can ask a remote to do wrong. The sandbox
 * belongs to the caller.
 */
final class SandboxRemote
    implements ContractRemote.CanBeUnavailable,
        ContractRemote.CanRefuseCalls,
        ContractRemote.CanRefuseCredentials,
        ContractRemote.CanGarbleAnswers,
        ContractRemote.CanLoseAnswers,
        ContractRemote.CanOmitVerdicts,
        ContractRemote.CanOverfillPages,
        ContractRemote.CanRefuseReadings {

  private final SandboxClientSystem sandbox;
  private final String tenant;
  private final String token;

  SandboxRemote(SandboxClientSystem sandbox, String tenant, String token) {
    this.sandbox = sandbox;
    this.tenant = tenant;
    this.token = token;
  }

  /** A reference-rest adapter for the tenant, sending {@code token}, with these options. */
  ClientSystemApi newAdapter(String token, Map<String, String> options) {
    return new ReferenceRestClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            JsonMappers.create(),
            new Credentials(Map.of("SANDBOX_TOKEN", token)::get),
            Clock.systemUTC())
        .create(
            new ClientSystemSettings(
                tenant(),
                ReferenceRestClientSystemApi.KIND,
                sandbox.baseUrl(tenant),
                Optional.of("env:SANDBOX_TOKEN"),
                options));
  }

  @Override
  public TenantId tenant() {
    return TenantId.of(tenant);
  }

  @Override
  public ClientSystemApi newAdapter() {
    return newAdapter(token, Map.of());
  }

  @Override
  public void offer(List<MeterReading> readings) {
    sandbox.addDownloadable(tenant, readings.stream().map(SandboxReading::of).toList());
  }

  @Override
  public List<MeterReading> held(ReadingId id) {
    return sandbox.heldReading(tenant, id.value()).map(SandboxReading::toMeterReading).stream()
        .toList();
  }

  @Override
  public void beUnavailableForNextCall() {
    failNextCall(Fault.serviceUnavailable());
  }

  @Override
  public void refuseNextCall() {
    failNextCall(Fault.status(400));
  }

  @Override
  public void refuseCredentialsInNextCall() {
    failNextCall(Fault.status(401));
  }

  @Override
  public void garbleNextAnswer() {
    failNextCall(Fault.malformedJson());
  }

  @Override
  public void loseNextUploadAnswer() {
    failNextCall(Fault.acceptAndLoseResponse());
  }

  @Override
  public void omitAVerdictFromNextUploadAnswer() {
    failNextCall(Fault.wrongResultCount());
  }

  @Override
  public void overfillNextPage() {
    failNextCall(Fault.ignoreLimit());
  }

  @Override
  public void refuseReading(ReadingId id, String reason) {
    sandbox.switches(tenant).failNext(1, Fault.reject(reason, id.value()), Endpoint.UPLOAD);
  }

  private void failNextCall(Fault fault) {
    sandbox.switches(tenant).failNext(1, fault);
  }
}
