package org.metersync.testkit.http;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.metersync.spi.ClientSystemApi;
import org.metersync.testkit.ContractRemote;

/**
 * A {@link ContractRemote} for an HTTP kind: a {@link MockWebServer} on loopback whose {@link
 * RemoteServer} answers. What every HTTP remote can do wrong is an HTTP answer to the call's first
 * request: {@code 503}, {@code 400}, {@code 401}, a {@code 200} that is not what the kind speaks,
 * and an upload applied whose answer is dropped; {@link HttpClientSystemContract} checks each. A
 * subclass adds what only its kind's answers can express by implementing more hooks ({@link
 * ContractRemote.CanOmitVerdicts}, …).
 */
public abstract class MockWebServerRemote
    implements ContractRemote.CanBeUnavailable,
        ContractRemote.CanRefuseCalls,
        ContractRemote.CanRefuseCredentials,
        ContractRemote.CanGarbleAnswers,
        ContractRemote.CanLoseAnswers {

  private final MockWebServer server = new MockWebServer();
  private final RemoteServer remote;

  /** Starts a server on loopback answered by {@code remote}. */
  protected MockWebServerRemote(RemoteServer remote) {
    this.remote = requireNonNull(remote, "remote");
    server.setDispatcher(remote);
    try {
      server.start(InetAddress.getLoopbackAddress(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a MockWebServer on loopback", e);
    }
  }

  /** An adapter of the kind under test for a remote at {@code baseUrl}. */
  public abstract ClientSystemApi newAdapter(String baseUrl);

  /** The read timeout the adapters are given, so that a slower answer times out. */
  public abstract Duration readTimeout();

  /** The clock the adapters are given ({@code Retry-After} dates are read against it). */
  public abstract Clock clock();

  /** The secret the adapters send; it must appear in no message. */
  public abstract String secret();

  @Override
  public ClientSystemApi newAdapter() {
    return newAdapter(baseUrl());
  }

  /** The remote's base URL, {@code http://127.0.0.1:PORT/api/}. */
  public String baseUrl() {
    return server.url("/api/").toString();
  }

  public MockWebServer server() {
    return server;
  }

  public RemoteServer remoteServer() {
    return remote;
  }

  /** Every request the server received and not yet handed out, oldest first. */
  public List<RecordedRequest> takeRequests() {
    List<RecordedRequest> requests = new ArrayList<>();
    try {
      RecordedRequest request;
      while ((request = server.takeRequest(0, TimeUnit.MILLISECONDS)) != null) {
        requests.add(request);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while taking requests", e);
    }
    return requests;
  }

  @Override
  public void beUnavailableForNextCall() {
    remote.answerNextWith(plain(503, "busy"));
  }

  @Override
  public void refuseNextCall() {
    remote.answerNextWith(plain(400, "refused for good"));
  }

  @Override
  public void refuseCredentialsInNextCall() {
    remote.answerNextWith(plain(401, "who are you"));
  }

  @Override
  public void garbleNextAnswer() {
    remote.answerNextWith(plain(200, "<html>oops</html>"));
  }

  @Override
  public void loseNextUploadAnswer() {
    remote.dropNextUploadAnswer();
  }

  private static MockResponse plain(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "text/plain; charset=utf-8")
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
