package org.metersync.testkit.http;

import java.util.ArrayDeque;
import java.util.Deque;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;

/**
 * A remote of one HTTP kind on a {@link mockwebserver3.MockWebServer}: keeps what it is sent, as a
 * real one would, and can be told to misbehave. A subclass answers the kind's requests; this class
 * puts the queued faults first. Answers from several threads.
 */
public abstract class RemoteServer extends Dispatcher {

  private final Deque<MockResponse> faults = new ArrayDeque<>();
  private long maxUploadBytes = Long.MAX_VALUE;
  private int answersToDrop;

  /** Answers the next request, whatever it asks, with {@code response}, applying nothing. */
  public synchronized void answerNextWith(MockResponse response) {
    faults.add(response);
  }

  /** Answers {@code 413} to every upload request whose body is larger than {@code bytes}. */
  public synchronized void refuseBodiesOver(long bytes) {
    maxUploadBytes = bytes;
  }

  /** Processes the next upload request, then drops the connection instead of answering. */
  public synchronized void dropNextUploadAnswer() {
    answersToDrop++;
  }

  /** Whether {@code request} is one that stores readings (and may be refused as too large). */
  protected abstract boolean isUpload(RecordedRequest request);

  /** The answer to {@code request}, after doing what it asks. */
  protected abstract MockResponse answer(RecordedRequest request);

  @Override
  public final synchronized MockResponse dispatch(RecordedRequest request) {
    MockResponse fault = faults.poll();
    if (fault != null) {
      return fault;
    }
    boolean upload = isUpload(request);
    if (upload && request.getBodySize() > maxUploadBytes) {
      return new MockResponse.Builder().code(413).body("too large").build();
    }
    MockResponse answer = answer(request);
    if (upload && answersToDrop > 0) {
      answersToDrop--;
      return dropConnection();
    }
    return answer;
  }

  /** No answer: the connection is shut down when the answer would start. */
  public static MockResponse dropConnection() {
    return new MockResponse.Builder()
        .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
        .build();
  }

  /** A JSON answer. */
  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** The request body as text, empty if there is none. */
  public static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }
}
