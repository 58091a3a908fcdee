package org.metersync.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;

/**
 * One tenant's client system: the remote back-end its readings are synced with. One instance serves
 * one tenant. Every method either returns a complete, consistent answer or throws a {@link
 * ClientSystemException}:
 *
 * <ul>
 *   <li>{@link ClientSystemUnavailableException}: transient (not reachable, timed out, busy, asked
 *       to come back later; for HTTP: connection refused or reset, 5xx, 408, 429 with its {@code
 *       Retry-After}); the same call may succeed later.
 *   <li>{@link ClientSystemRejectedException}: permanent (for HTTP: other 4xx); a refusal of the
 *       tenant's credentials (401/403) is reported as an authentication problem.
 *   <li>{@link ClientSystemMalformedAnswerException}: the answer could not be understood or did not
 *       match the request; never taken as success.
 * </ul>
 */
public interface ClientSystemApi {

  /** The kind, as named in a tenant's configuration. */
  String kind();

  /**
   * Reads the next page of readings.
   *
   * @param cursor where the previous page ended, as returned by {@link ReadingsPage#cursor()};
   *     empty for the first page ever. Opaque: only the adapter that made it understands it.
   * @param limit the most readings to return
   */
  ReadingsPage fetchReadings(Optional<String> cursor, int limit);

  /**
   * Uploads a batch and returns one verdict per reading, keyed by reading id. Safe to repeat: a
   * batch re-sent after an unknown outcome creates no duplicates; readings the client system
   * already holds come back as {@link UploadVerdict.AlreadyPresent}. Every reading may be in doubt:
   * an adapter that must ask its client system before sending asks for all of them.
   */
  Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch);

  /**
   * As {@link #upload(List)}, told which readings of the batch are in doubt: only those may already
   * be held by the client system, in this or an older version (sent before with an outcome never
   * recorded, or synchronized once and edited since). Every other reading of the batch has never
   * been sent, so an adapter whose client system stores a re-sent reading twice need only ask about
   * {@code inDoubt} before sending. An adapter whose upload is idempotent by itself can ignore it,
   * as this default does.
   *
   * @param inDoubt ids of readings in {@code batch}; ids not in the batch are ignored
   */
  default Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch, Set<ReadingId> inDoubt) {
    return upload(batch);
  }

  /** A cheap check that the client system answers; throws like the other calls if it does not. */
  void checkReachable();
}
