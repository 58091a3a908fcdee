package org.metersync.application.fakes;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.metersync.domain.DownloadSource;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.MalformedReading;
import org.metersync.spi.ReadingsPage;

/**
 * A client system in memory. Upload: it keeps what it accepted, one reading per id (an identical
 * repeat comes back {@link UploadVerdict.AlreadyPresent} and is counted as a duplicate send; the
 * same id with changed data updates the held reading), and answers each request as scripted; by
 * default it accepts everything. Download: it serves a feed of readings and malformed entries in
 * pages, with the position in the feed as an integer cursor. It records every request so that tests
 * can check batch sizes.
 */
public final class FakeClientSystem implements ClientSystemApi {

  public static final String KIND = "fake";

  /** What a download from this client system records its cursors as written by. */
  public static final DownloadSource SOURCE = new DownloadSource(KIND, "memory:fake");

  /** How the client system answers one upload request. */
  public static final class UploadAnswer {
    private final Function<ReadingId, Optional<String>> rejection;
    private final Predicate<ReadingId> omitted;
    private final ClientSystemException failure;
    private final boolean storeBeforeFailing;
    private final Predicate<ReadingId> failsOn;

    private UploadAnswer(
        Function<ReadingId, Optional<String>> rejection,
        Predicate<ReadingId> omitted,
        ClientSystemException failure,
        boolean storeBeforeFailing) {
      this(rejection, omitted, failure, storeBeforeFailing, id -> true);
    }

    private UploadAnswer(
        Function<ReadingId, Optional<String>> rejection,
        Predicate<ReadingId> omitted,
        ClientSystemException failure,
        boolean storeBeforeFailing,
        Predicate<ReadingId> failsOn) {
      this.rejection = rejection;
      this.omitted = omitted;
      this.failure = failure;
      this.storeBeforeFailing = storeBeforeFailing;
      this.failsOn = failsOn;
    }

    /**
     * Fails any request holding a reading in {@code poison} with {@code failure}, as a server whose
     * bug that reading's data triggers; accepts requests without one.
     */
    public static UploadAnswer failIfAny(Set<ReadingId> poison, ClientSystemException failure) {
      Set<ReadingId> copy = Set.copyOf(poison);
      return new UploadAnswer(
          id -> Optional.empty(), id -> false, requireNonNull(failure), false, copy::contains);
    }

    /**
     * Stores every reading: new or changed ones are accepted, identical repeats already present.
     */
    public static UploadAnswer acceptAll() {
      return new UploadAnswer(id -> Optional.empty(), id -> false, null, false);
    }

    /** Rejects the readings in {@code reasons} with their reason, accepts the rest. */
    public static UploadAnswer reject(Map<ReadingId, String> reasons) {
      Map<ReadingId, String> copy = Map.copyOf(reasons);
      return new UploadAnswer(id -> Optional.ofNullable(copy.get(id)), id -> false, null, false);
    }

    /** Rejects the readings {@code which} selects with {@code reason}, accepts the rest. */
    public static UploadAnswer rejectIf(Predicate<ReadingId> which, String reason) {
      requireNonNull(reason, "reason");
      return new UploadAnswer(
          id -> which.test(id) ? Optional.of(reason) : Optional.empty(), id -> false, null, false);
    }

    /** Gives no verdict at all for {@code ids} (and does not store them), accepts the rest. */
    public static UploadAnswer omit(Set<ReadingId> ids) {
      Set<ReadingId> copy = Set.copyOf(ids);
      return new UploadAnswer(id -> Optional.empty(), copy::contains, null, false);
    }

    /** Fails the whole request with {@code failure}; stores nothing. */
    public static UploadAnswer fail(ClientSystemException failure) {
      return new UploadAnswer(id -> Optional.empty(), id -> false, requireNonNull(failure), false);
    }

    /**
     * Stores the batch, then fails anyway, as when the answer is lost on the way back: the outcome
     * is unknown to the caller, and a repeat must create no duplicate.
     */
    public static UploadAnswer failAfterStoring(ClientSystemException failure) {
      return new UploadAnswer(id -> Optional.empty(), id -> false, requireNonNull(failure), true);
    }
  }

  /**
   * One upload request and how it ended: the verdicts it returned, or the failure it threw.
   *
   * @param verdicts empty if the request failed
   * @param failure null if the request returned verdicts
   */
  public record UploadExchange(
      List<MeterReading> request,
      Map<ReadingId, UploadVerdict> verdicts,
      ClientSystemException failure) {

    public boolean failed() {
      return failure != null;
    }
  }

  private final Map<ReadingId, MeterReading> held = new LinkedHashMap<>();
  private final List<UploadExchange> exchanges = new ArrayList<>();
  private final List<ReadingId> duplicateSends = new ArrayList<>();
  private final List<ReadingId> updates = new ArrayList<>();
  private final List<List<MeterReading>> uploadRequests = new ArrayList<>();
  private final List<UploadAnswer> scriptedAnswers = new ArrayList<>();
  private UploadAnswer defaultAnswer = UploadAnswer.acceptAll();

  private final List<Object> feed = new ArrayList<>();
  private final List<Integer> fetchLimits = new ArrayList<>();
  private final List<Optional<String>> fetchCursors = new ArrayList<>();
  private final List<ClientSystemException> fetchFailures = new ArrayList<>();
  private final Map<Integer, ClientSystemException> fetchFailuresAt = new HashMap<>();
  private int maxPageSize = Integer.MAX_VALUE;

  private ClientSystemException unreachable;
  private int reachabilityChecks;

  // ---- upload ------------------------------------------------------------------------------

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public synchronized Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    List<MeterReading> request = List.copyOf(batch);
    uploadRequests.add(request);
    UploadAnswer next = scriptedAnswers.isEmpty() ? defaultAnswer : scriptedAnswers.remove(0);
    UploadAnswer answer =
        next.failure != null && request.stream().noneMatch(r -> next.failsOn.test(r.id()))
            ? UploadAnswer.acceptAll()
            : next;
    if (answer.failure != null && !answer.storeBeforeFailing) {
      exchanges.add(new UploadExchange(request, Map.of(), answer.failure));
      throw answer.failure;
    }
    Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
    for (MeterReading reading : request) {
      Optional<UploadVerdict> verdict = answerFor(answer, reading);
      verdict.ifPresent(v -> verdicts.put(reading.id(), v));
    }
    if (answer.failure != null) {
      exchanges.add(new UploadExchange(request, Map.of(), answer.failure));
      throw answer.failure;
    }
    exchanges.add(new UploadExchange(request, Map.copyOf(verdicts), null));
    return verdicts;
  }

  private Optional<UploadVerdict> answerFor(UploadAnswer answer, MeterReading reading) {
    if (answer.omitted.test(reading.id())) {
      return Optional.empty();
    }
    Optional<String> reason = answer.rejection.apply(reading.id());
    if (reason.isPresent()) {
      return Optional.of(UploadVerdict.rejected(reason.get()));
    }
    MeterReading before = held.put(reading.id(), reading);
    if (reading.equals(before)) {
      // The reading id is the idempotency key: an identical repeat creates nothing new.
      duplicateSends.add(reading.id());
      return Optional.of(UploadVerdict.ALREADY_PRESENT);
    }
    if (before != null) {
      // Same id, new data: a local edit uploaded again, which updates the held reading.
      updates.add(reading.id());
    }
    return Optional.of(UploadVerdict.ACCEPTED);
  }

  /** Answers the next upload request with {@code answer}; several queue up in order. */
  public synchronized FakeClientSystem answerNextUpload(UploadAnswer answer) {
    scriptedAnswers.add(requireNonNull(answer, "answer"));
    return this;
  }

  /** Answers every upload request that has no scripted answer with {@code answer}. */
  public synchronized FakeClientSystem answerUploads(UploadAnswer answer) {
    defaultAnswer = requireNonNull(answer, "answer");
    return this;
  }

  /** Puts a reading in the client system's store, as if it had been uploaded earlier. */
  public synchronized FakeClientSystem hold(MeterReading reading) {
    held.put(reading.id(), reading);
    return this;
  }

  /** The readings the client system holds, in the order it first received them. */
  public synchronized List<MeterReading> received() {
    return List.copyOf(held.values());
  }

  public synchronized boolean holds(ReadingId id) {
    return held.containsKey(id);
  }

  /** Ids that were sent again although the client system already held them, in order. */
  public synchronized List<ReadingId> duplicateSends() {
    return List.copyOf(duplicateSends);
  }

  /** Ids that were sent again with changed data (an edit) and updated the held reading. */
  public synchronized List<ReadingId> updates() {
    return List.copyOf(updates);
  }

  /** Every upload request's readings, failed requests included, in order. */
  public synchronized List<List<MeterReading>> uploadRequests() {
    return List.copyOf(uploadRequests);
  }

  /** Every upload request with its verdicts or failure, in order. */
  public synchronized List<UploadExchange> exchanges() {
    return List.copyOf(exchanges);
  }

  /** Every upload request's size, in order. */
  public synchronized List<Integer> uploadRequestSizes() {
    return uploadRequests.stream().map(List::size).toList();
  }

  // ---- download ----------------------------------------------------------------------------

  @Override
  public synchronized ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    requireNonNull(cursor, "cursor");
    fetchCursors.add(cursor);
    fetchLimits.add(limit);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (!fetchFailures.isEmpty()) {
      throw fetchFailures.remove(0);
    }
    ClientSystemException scheduled = fetchFailuresAt.remove(fetchLimits.size());
    if (scheduled != null) {
      throw scheduled;
    }
    int from = Math.min(cursor.map(FakeClientSystem::position).orElse(0), feed.size());
    int to = from + Math.min(Math.min(limit, maxPageSize), feed.size() - from);
    List<MeterReading> readings = new ArrayList<>();
    List<MalformedReading> malformed = new ArrayList<>();
    for (Object entry : feed.subList(from, to)) {
      if (entry instanceof MeterReading reading) {
        readings.add(reading);
      } else {
        malformed.add((MalformedReading) entry);
      }
    }
    return new ReadingsPage(readings, malformed, String.valueOf(to), to < feed.size());
  }

  private static int position(String cursor) {
    try {
      int position = Integer.parseInt(cursor);
      if (position >= 0) {
        return position;
      }
    } catch (NumberFormatException e) {
      // falls through to the same complaint
    }
    throw new IllegalArgumentException("not a cursor of this client system: '" + cursor + "'");
  }

  /** Appends readings to the feed that downloads page through. */
  public synchronized FakeClientSystem addDownloadable(Collection<MeterReading> readings) {
    feed.addAll(readings);
    return this;
  }

  public synchronized FakeClientSystem addDownloadable(MeterReading... readings) {
    return addDownloadable(List.of(readings));
  }

  /** Appends an entry the adapter could not parse; it comes back in a page's malformed list. */
  public synchronized FakeClientSystem addMalformed(MalformedReading malformed) {
    feed.add(requireNonNull(malformed, "malformed"));
    return this;
  }

  /** Caps every page, as a server with its own maximum page size does. */
  public synchronized FakeClientSystem maxPageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be at least 1, was " + size);
    }
    maxPageSize = size;
    return this;
  }

  /** Makes the next fetch throw {@code failure}; several queue up in order. */
  public synchronized FakeClientSystem failNextFetch(ClientSystemException failure) {
    fetchFailures.add(requireNonNull(failure, "failure"));
    return this;
  }

  /** Lets {@code successfulFetches} more fetches through, then fails the one after. */
  public synchronized FakeClientSystem failFetchAfter(
      int successfulFetches, ClientSystemException failure) {
    fetchFailuresAt.put(fetchLimits.size() + successfulFetches + 1, requireNonNull(failure));
    return this;
  }

  /** The {@code limit} of every fetch, in order. */
  public synchronized List<Integer> fetchLimits() {
    return List.copyOf(fetchLimits);
  }

  /** The cursor of every fetch, in order. */
  public synchronized List<Optional<String>> fetchCursors() {
    return List.copyOf(fetchCursors);
  }

  // ---- reachability ------------------------------------------------------------------------

  @Override
  public synchronized void checkReachable() {
    reachabilityChecks++;
    if (unreachable != null) {
      throw unreachable;
    }
  }

  /** Makes {@link #checkReachable()} throw {@code failure} until {@link #reachable()}. */
  public synchronized FakeClientSystem unreachable(ClientSystemException failure) {
    unreachable = requireNonNull(failure, "failure");
    return this;
  }

  public synchronized FakeClientSystem reachable() {
    unreachable = null;
    return this;
  }

  public synchronized int reachabilityChecks() {
    return reachabilityChecks;
  }
}
