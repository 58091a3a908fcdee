package org.metersync.testkit;

import java.util.List;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;

/**
 * One remote of the kind under test, fresh for each check, and the adapter that talks to it: what a
 * kind's test gives {@link ClientSystemContract}. The remote keeps what it is sent, as the real one
 * would, and starts empty and well-behaved.
 *
 * <p>What a remote can be made to do wrong is a type: a remote that can be unavailable implements
 * {@link CanBeUnavailable}, and so on. Each of these hooks belongs to a group of checks the kind's
 * test implements ({@link RemoteCanBeUnavailable}, …); implement a hook only if the remote really
 * does it. A misbehaviour lasts for the adapter's next call; the remote behaves again after it.
 */
public interface ContractRemote extends AutoCloseable {

  /** The tenant the adapters of this remote serve. */
  TenantId tenant();

  /** A new adapter of the kind under test for this remote (the one {@link #tenant()} uses). */
  ClientSystemApi newAdapter();

  /** Places {@code readings} on the remote for download, after any placed before, in order. */
  void offer(List<MeterReading> readings);

  /** Every copy the remote holds of the reading {@code id}: one if uploads did their job. */
  List<MeterReading> held(ReadingId id);

  /** Releases the remote (a server, a directory, …). */
  @Override
  default void close() {}

  /** A remote that can be unreachable or busy: checked by {@link RemoteCanBeUnavailable}. */
  interface CanBeUnavailable extends ContractRemote {
    /** Makes the remote unreachable or busy for the next call, applying nothing. */
    void beUnavailableForNextCall();
  }

  /** A remote that can refuse a call for good: checked by {@link RemoteCanRefuseCalls}. */
  interface CanRefuseCalls extends ContractRemote {
    /** Refuses the next call for good, not for its credentials, applying nothing. */
    void refuseNextCall();
  }

  /** A remote that can refuse the credentials: checked by {@link RemoteCanRefuseCredentials}. */
  interface CanRefuseCredentials extends ContractRemote {
    /** Refuses the tenant's credentials in the next call, applying nothing. */
    void refuseCredentialsInNextCall();
  }

  /** A remote that can answer unreadably: checked by {@link RemoteCanGarbleAnswers}. */
  interface CanGarbleAnswers extends ContractRemote {
    /** Answers the next call in a form the kind cannot read; an upload may have been applied. */
    void garbleNextAnswer();
  }

  /** A remote whose answer to an upload can be lost: checked by {@link RemoteCanLoseAnswers}. */
  interface CanLoseAnswers extends ContractRemote {
    /** Applies the next upload, but its answer never arrives. */
    void loseNextUploadAnswer();
  }

  /** A remote that can leave out a verdict: checked by {@link RemoteCanOmitVerdicts}. */
  interface CanOmitVerdicts extends ContractRemote {
    /** Applies the next upload, but its answer leaves out one reading's verdict. */
    void omitAVerdictFromNextUploadAnswer();
  }

  /**
   * A remote that can ignore the limit of a download: checked by {@link RemoteCanOverfillPages}.
   */
  interface CanOverfillPages extends ContractRemote {
    /** Answers the next download with more readings than asked for. */
    void overfillNextPage();
  }

  /**
   * A remote that can refuse one reading of an upload: checked by {@link RemoteCanRefuseReadings}.
   */
  interface CanRefuseReadings extends ContractRemote {
    /**
     * Refuses reading {@code id} with {@code reason} in the next upload holding it, storing the
     * rest.
     */
    void refuseReading(ReadingId id, String reason);
  }
}
