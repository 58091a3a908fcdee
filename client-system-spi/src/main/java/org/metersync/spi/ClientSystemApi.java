package org.metersync.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * already holds come back as {@link UploadVerdict.AlreadyPresent}.
   */
  Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch);

  /** A cheap check that the client system answers; throws like the other calls if it does not. */
  void checkReachable();
}
