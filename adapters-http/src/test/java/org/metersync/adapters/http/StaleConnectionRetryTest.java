package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import mockwebserver3.junit5.StartStop;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class StaleConnectionRetryTest {

  @StartStop final MockWebServer server = new MockWebServer();
  private final OkHttpClient client = HttpClients.shared(HttpSettings.defaults("test"));

  @Test
  void get_pooledConnectionClosedByServer_sentAgainOnANewConnection() throws Exception {
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(new MockResponse.Builder().body("second").build());

    assertEquals("first", get());
    assertEquals("second", get());

    assertEquals(3, server.getRequestCount());
    assertEquals(0, server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
    assertEquals(0, server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
    assertEquals(1, server.takeRequest(1, TimeUnit.SECONDS).getConnectionIndex());
  }

  @Test
  void get_firstRequestOnNewConnectionFails_notRetried() {
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(new MockResponse.Builder().body("never asked for").build());

    assertThrows(IOException.class, this::get);
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void post_pooledConnectionClosedByServer_notRetried() throws IOException {
    server.enqueue(new MockResponse.Builder().body("first").build());
    server.enqueue(
        new MockResponse.Builder()
            .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE)
            .build());
    server.enqueue(new MockResponse.Builder().body("never asked for").build());
    assertEquals("first", get());

    assertThrows(
        IOException.class,
        () ->
            client
                .newCall(
                    new Request.Builder()
                        .url(server.url("/batch"))
                        .post(RequestBody.create("{}", MediaType.get("application/json")))
                        .build())
                .execute()
                .close());
    assertEquals(2, server.getRequestCount());
  }

  private String get() throws IOException {
    try (Response response =
        client.newCall(new Request.Builder().url(server.url("/readings")).build()).execute()) {
      return response.body().string();
    }
  }
}
