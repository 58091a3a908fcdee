package org.metersync.testkit;

import java.util.List;
import java.util.Set;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;

/**
 * One remote of the kind under test, fresh for each check, and the adapter that talks to it: what a
 * kind's test gives {@link ClientSystemContract}. The remote keeps what it is sent, as the real one
 * would, and starts empty and well-behaved.
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

  /**
   * The misbehaviours this remote can simulate. Declare only what {@link #misbehaveOnNextCall} or
   * {@link #refuseReading} really does: the checks needing the others are reported as not
   * applicable.
   */
  Set<Misbehaviour> misbehaviours();

  /**
   * Makes the remote misbehave in the adapter's next call, then behave again. The kit calls it just
   * before the call it checks.
   *
   * @throws UnsupportedOperationException for a misbehaviour not in {@link #misbehaviours()}
   */
  void misbehaveOnNextCall(Misbehaviour misbehaviour);

  /**
   * Makes the remote refuse the reading {@code id} with {@code reason} in the next upload that
   * holds it, storing the others.
   *
   * @throws UnsupportedOperationException if {@link Misbehaviour#REFUSES_READING} is not declared
   */
  void refuseReading(ReadingId id, String reason);

  /** Releases the remote (a server, a directory, …). */
  @Override
  default void close() {}
}
