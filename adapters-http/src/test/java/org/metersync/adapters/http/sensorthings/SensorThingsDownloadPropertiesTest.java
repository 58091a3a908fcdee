package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.http.HttpClients;
import org.metersync.adapters.http.HttpSettings;
import org.metersync.adapters.http.JsonMappers;
import org.metersync.adapters.http.TestReadings;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.Credentials;
import org.metersync.spi.ReadingsPage;

/** The SensorThings download against a FROST-like server whose writers commit in any order. */
class SensorThingsDownloadPropertiesTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();

  @StartStop private final MockWebServer server = withoutNagle(new MockWebServer());

  /** A script's steps, by their number modulo 4. */
  private static final int OFFER = 0;

  private static final int HOLD = 1;
  private static final int END_ONE = 2;

  /** What one scripted run downloaded, and what the server holds once every writer is done. */
  private final class Run {

    private final FakeFrostServer fake = new FakeFrostServer(MAPPER);
    private final ClientSystemApi api;
    private final int limit;
    private final List<FakeFrostServer.Held> open = new ArrayList<>();
    private final Set<Long> committed = new TreeSet<>();
    private final Set<Long> downloaded = new TreeSet<>();
    private Optional<String> cursor = Optional.empty();
    private long lastId;

    Run(ClientSystemApi api, int limit) {
      this.api = api;
      this.limit = limit;
      server.setDispatcher(fake);
    }

    void step(int step) {
      int choice = step / 4;
      switch (step % 4) {
        case OFFER -> {
          fake.offer(List.of(reading(++lastId)));
          committed.add(lastId);
        }
        case HOLD -> open.add(fake.hold(reading(++lastId)));
        case END_ONE -> {
          if (!open.isEmpty()) {
            end(open.remove(choice % open.size()), choice % 5 != 0);
          }
        }
        default -> fetch();
      }
    }

    /** The held Observation commits, or rolls back. */
    void end(FakeFrostServer.Held held, boolean commit) {
      if (commit) {
        fake.commit(held);
        committed.add(held.id());
      } else {
        fake.rollBack(held);
      }
    }

    ReadingsPage fetch() {
      ReadingsPage page = api.fetchReadings(cursor, limit);
      assertTrue(page.received() <= limit, "a page of " + page.received());
      assertEquals(List.of(), page.malformed());
      page.readings().forEach(r -> downloaded.add(Long.parseLong(r.id().value().substring(2))));
      cursor = Optional.of(page.cursor());
      return page;
    }

    void cycle() {
      ReadingsPage page;
      do {
        page = fetch();
      } while (page.hasMore() && page.received() > 0);
    }
  }

  private static org.metersync.domain.MeterReading reading(long id) {
    // The fake gives ids in the order readings are offered or held: r-<n> is Observation n.
    return TestReadings.reading("r-" + id, "M-1", "2026-01-01T00:00:00Z", Long.toString(id));
  }

  /**
   * {@code server}, answering without Nagle's delay: it writes an answer's head and body apart, and
   * the second write would wait for the client's delayed ACK on every one of many requests.
   */
  private static MockWebServer withoutNagle(MockWebServer server) {
    server.setServerSocketFactory(
        new ServerSocketFactory() {
          @Override
          public ServerSocket createServerSocket() throws IOException {
            return new ServerSocket() {
              @Override
              public Socket accept() throws IOException {
                Socket socket = super.accept();
                socket.setTcpNoDelay(true);
                return socket;
              }
            };
          }

          @Override
          public ServerSocket createServerSocket(int port) {
            throw new UnsupportedOperationException("MockWebServer binds the unbound one");
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog) {
            throw new UnsupportedOperationException("MockWebServer binds the unbound one");
          }

          @Override
          public ServerSocket createServerSocket(int port, int backlog, InetAddress address) {
            throw new UnsupportedOperationException("MockWebServer binds the unbound one");
          }
        });
    return server;
  }

  private ClientSystemApi api() {
    return new SensorThingsClientSystemFactory(
            HttpClients.shared(HttpSettings.defaults("test")),
            MAPPER,
            new Credentials(name -> null),
            Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC))
        .create(
            new ClientSystemSettings(
                TenantId.of("t1"),
                "sensorthings",
                server.url("/FROST-Server/v1.1/").toString(),
                Optional.empty(),
                Map.of()));
  }

  @Test
  @DisplayName(
      "SensorThings download: whatever order writers commit in, every committed Observation is"
          + " downloaded (once or more) by two cycles after the last commit, within the window")
  void everyCommittedObservationDownloaded() {
    ClientSystemApi api = api();
    qt().withExamples(100)
        .forAll(
            lists().of(integers().between(0, 199)).ofSizeBetween(0, 40), integers().between(1, 5))
        .checkAssert(
            (script, limit) -> {
              Run run = new Run(api, limit);
              script.forEach(run::step);
              for (int i = 0; !run.open.isEmpty(); i++) {
                run.end(run.open.remove(0), i % 3 != 0);
              }

              run.cycle();
              run.cycle();

              assertEquals(run.committed, run.downloaded, "script " + script);
              IdGaps left = SensorThingsCursor.decode(MAPPER, run.cursor.orElseThrow()).gaps();
              for (long id : run.committed) {
                assertFalse(left.contains(id), "committed " + id + " still a gap: " + left);
              }
            });
  }
}
