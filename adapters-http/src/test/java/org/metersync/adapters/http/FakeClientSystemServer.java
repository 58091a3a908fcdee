package org.metersync.adapters.http;

import java.util.List;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;

/**
 * A client system of one kind that keeps what it is sent, as a real one would, so that contract
 * tests can ask what it holds after re-sends and edits. One per test; answers from several threads.
 */
public abstract class FakeClientSystemServer extends Dispatcher {

  private long maxUploadBytes = Long.MAX_VALUE;
  private int answersToDrop;

  /** Answers {@code 413} to every upload request whose body is larger than {@code bytes}. */
  public synchronized void refuseBodiesOver(long bytes) {
    maxUploadBytes = bytes;
  }

  /** Processes the next upload request, then drops the connection instead of answering. */
  public synchronized void dropNextUploadAnswer() {
    answersToDrop++;
  }

  /** Every copy of the reading the server holds: one, if the adapter did its job. */
  public abstract List<MeterReading> held(ReadingId id);

  /** Whether {@code request} is one that stores readings (and may be refused as too large). */
  protected abstract boolean isUpload(RecordedRequest request);

  /** The server's answer to {@code request}, after it did what the request asks. */
  protected abstract MockResponse answer(RecordedRequest request);

  @Override
  public final synchronized MockResponse dispatch(RecordedRequest request) {
    boolean upload = isUpload(request);
    if (upload && request.getBodySize() > maxUploadBytes) {
      return new MockResponse.Builder().code(413).body("too large").build();
    }
    MockResponse answer = answer(request);
    if (upload && answersToDrop > 0) {
      answersToDrop--;
      return new MockResponse.Builder()
          .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
          .build();
    }
    return answer;
  }

  /** The request body as text, empty if there is none. */
  protected static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }
}
