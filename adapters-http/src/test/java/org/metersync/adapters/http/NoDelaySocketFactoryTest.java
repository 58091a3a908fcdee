package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

class NoDelaySocketFactoryTest {

  private final SocketFactory factory = new NoDelaySocketFactory(SocketFactory.getDefault());

  @Test
  void createSocket_unconnected_hasTcpNoDelay() throws Exception {
    try (Socket socket = factory.createSocket()) {
      assertTrue(socket.getTcpNoDelay());
    }
  }

  @Test
  void createSocket_connected_hasTcpNoDelay() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback);
        Socket socket = factory.createSocket(loopback, server.getLocalPort())) {
      assertTrue(socket.getTcpNoDelay());
    }
  }

  @Test
  void sharedClient_usesIt() {
    assertTrue(
        HttpClients.shared(HttpSettings.defaults("test")).socketFactory()
            instanceof NoDelaySocketFactory);
  }
}
