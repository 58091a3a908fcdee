package org.metersync.testkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.ReadingsPage;

/**
 * A kind without a transport, to run the kit against: the remote is an object, the adapter calls it
 * directly. A remote that {@code storesCopies} keeps every copy sent, as a store without ids would;
 * this adapter does not guard against that, so that kind fails the contract. What a remote can be
 * made to do wrong is what its class implements: {@link Remote} nothing, {@link CapableRemote}
 * everything, a test's own subclass what it chooses.
 */
final class InMemoryKind {

  private InMemoryKind() {}

  /** The remote's signals, which the adapter turns into the SPI's exceptions. */
  private static final class Down extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  private static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean credentials;

    Refused(boolean credentials) {
      this.credentials = credentials;
    }
  }

  /** What the remote does wrong in one call, set by a hook. */
  enum Fault {
    UNAVAILABLE,
    REFUSED,
    CREDENTIALS_REFUSED,
    GARBLED,
    VERDICT_MISSING,
    ANSWER_LOST,
    PAGE_OVER_LIMIT
  }

  /** A remote with no hook: it cannot be made to misbehave. */
  static class Remote implements ContractRemote {

    private static final TenantId TENANT = TenantId.of("tenant-mem");

    private final boolean storesCopies;
    private final List<MeterReading> feed = new ArrayList<>();
    private final List<MeterReading> stored = new ArrayList<>();
    private final Map<ReadingId, String> refusals = new HashMap<>();
    private Fault next;

    Remote(boolean storesCopies) {
      this.storesCopies = storesCopies;
    }

    /** Makes the next call fail with {@code fault}, for the hooks of subclasses. */
    final void failNextCall(Fault fault) {
      next = fault;
    }

    /** Refuses reading {@code id} with {@code reason} in the next upload holding it. */
    final void refuse(ReadingId id, String reason) {
      refusals.put(id, reason);
    }

    @Override
    public TenantId tenant() {
      return TENANT;
    }

    @Override
    public ClientSystemApi newAdapter() {
      return new Adapter(this);
    }

    @Override
    public void offer(List<MeterReading> readings) {
      feed.addAll(readings);
    }

    @Override
    public List<MeterReading> held(ReadingId id) {
      return stored.stream().filter(r -> r.id().equals(id)).toList();
    }

    /** The call's fault, once; throws for those that stop a call before it starts. */
    private Fault begin() {
      Fault now = next;
      next = null;
      if (now == Fault.UNAVAILABLE) {
        throw new Down();
      }
      if (now == Fault.REFUSED || now == Fault.CREDENTIALS_REFUSED) {
        throw new Refused(now == Fault.CREDENTIALS_REFUSED);
      }
      return now;
    }

    /** Readings from {@code offset}; null for an answer that cannot be read. */
    List<MeterReading> page(int offset, int limit) {
      Fault now = begin();
      if (now == Fault.GARBLED) {
        return null;
      }
      int end = now == Fault.PAGE_OVER_LIMIT ? feed.size() : offset + limit;
      return List.copyOf(feed.subList(offset, Math.min(end, feed.size())));
    }

    int feedSize() {
      return feed.size();
    }

    /** Null for an answer that cannot be read; a reason for each refused reading. */
    List<Optional<String>> store(List<MeterReading> batch) {
      Fault now = begin();
      List<Optional<String>> answer = new ArrayList<>();
      for (MeterReading reading : batch) {
        String reason = refusals.remove(reading.id());
        if (reason == null) {
          if (!storesCopies) {
            stored.removeIf(r -> r.id().equals(reading.id()));
          }
          stored.add(reading);
        }
        answer.add(Optional.ofNullable(reason));
      }
      if (now == Fault.ANSWER_LOST) {
        throw new Down();
      }
      if (now == Fault.VERDICT_MISSING) {
        answer.remove(answer.size() - 1);
      }
      return now == Fault.GARBLED ? null : answer;
    }

    boolean holds(MeterReading reading) {
      return stored.stream().anyMatch(r -> ContractReadings.sameData(r, reading));
    }

    void ping() {
      begin();
    }
  }

  /** A remote with every hook, each doing what it says. */
  static class CapableRemote extends Remote
      implements ContractRemote.CanBeUnavailable,
          ContractRemote.CanRefuseCalls,
          ContractRemote.CanRefuseCredentials,
          ContractRemote.CanGarbleAnswers,
          ContractRemote.CanLoseAnswers,
          ContractRemote.CanOmitVerdicts,
          ContractRemote.CanOverfillPages,
          ContractRemote.CanRefuseReadings {

    CapableRemote() {
      super(false);
    }

    @Override
    public void beUnavailableForNextCall() {
      failNextCall(Fault.UNAVAILABLE);
    }

    @Override
    public void refuseNextCall() {
      failNextCall(Fault.REFUSED);
    }

    @Override
    public void refuseCredentialsInNextCall() {
      failNextCall(Fault.CREDENTIALS_REFUSED);
    }

    @Override
    public void garbleNextAnswer() {
      failNextCall(Fault.GARBLED);
    }

    @Override
    public void loseNextUploadAnswer() {
      failNextCall(Fault.ANSWER_LOST);
    }

    @Override
    public void omitAVerdictFromNextUploadAnswer() {
      failNextCall(Fault.VERDICT_MISSING);
    }

    @Override
    public void overfillNextPage() {
      failNextCall(Fault.PAGE_OVER_LIMIT);
    }

    @Override
    public void refuseReading(ReadingId id, String reason) {
      refuse(id, reason);
    }
  }

  static final class Adapter implements ClientSystemApi {

    private static final String CURSOR = "mem:";
    private final Remote remote;

    Adapter(Remote remote) {
      this.remote = remote;
    }

    @Override
    public String kind() {
      return "in-memory";
    }

    @Override
    public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
      int offset = cursor.map(this::offset).orElse(0);
      List<MeterReading> readings = call(() -> remote.page(offset, limit));
      if (readings == null || readings.size() > limit) {
        throw malformed("download answer");
      }
      int end = offset + readings.size();
      return new ReadingsPage(readings, List.of(), CURSOR + end, end < remote.feedSize());
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
      Map<ReadingId, UploadVerdict> verdicts = new LinkedHashMap<>();
      List<MeterReading> toSend = new ArrayList<>();
      for (MeterReading reading : batch) {
        if (remote.holds(reading)) {
          verdicts.put(reading.id(), UploadVerdict.ALREADY_PRESENT);
        } else {
          toSend.add(reading);
        }
      }
      if (toSend.isEmpty()) {
        return verdicts;
      }
      List<Optional<String>> answer = call(() -> remote.store(toSend));
      if (answer == null || answer.size() != toSend.size()) {
        throw malformed("upload answer");
      }
      for (int i = 0; i < toSend.size(); i++) {
        ReadingId id = toSend.get(i).id();
        verdicts.put(id, answer.get(i).map(UploadVerdict::rejected).orElse(UploadVerdict.ACCEPTED));
      }
      return verdicts;
    }

    @Override
    public void checkReachable() {
      call(
          () -> {
            remote.ping();
            return null;
          });
    }

    private int offset(String cursor) {
      try {
        if (cursor.startsWith(CURSOR)) {
          return Integer.parseInt(cursor.substring(CURSOR.length()));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw malformed("stored download cursor " + cursor);
    }

    private <T> T call(Supplier<T> exchange) {
      try {
        return exchange.get();
      } catch (Down e) {
        throw new ClientSystemUnavailableException(
            "tenant " + remote.tenant() + ": the remote is down", e);
      } catch (Refused e) {
        throw new ClientSystemRejectedException(
            "tenant " + remote.tenant() + ": refused", "refused", e.credentials);
      }
    }

    private ClientSystemMalformedAnswerException malformed(String what) {
      return new ClientSystemMalformedAnswerException(
          "tenant " + remote.tenant() + ": cannot read the " + what);
    }
  }
}
