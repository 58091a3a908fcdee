package org.metersync.bootstrap.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.JarProcess;
import org.metersync.sandbox.Endpoint;
import org.metersync.sandbox.Fault;
import org.metersync.sandbox.SandboxClientSystem;

/**
 * Scenario 2: each tenant's client system fails in its own way, all at once in one service: a
 * closed port, a dropped connection, a hang beyond the read timeout, 500/502/503, 429 with
 * Retry-After, malformed JSON and a wrong number of results (the last two after applying the
 * batch). While the fault lasts no reading changes status and the service backs off (seen in its
 * log); once it clears every reading goes up, each held exactly once.
 */
class ClientFaultsIT {

  private static final int READINGS = 120;
  private static final int BATCH = 40;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(2);
  private static final String REFUSED = "f-refused";

  /** Tenant → the fault its client system answers every upload with. */
  private static final Map<String, Fault> FAULTS = new LinkedHashMap<>();

  static {
    FAULTS.put("f-drop", Fault.dropConnection());
    FAULTS.put("f-hang", Fault.hang(Duration.ofSeconds(4)));
    FAULTS.put("f-500", Fault.internalServerError());
    FAULTS.put("f-502", Fault.badGateway());
    FAULTS.put("f-503", Fault.serviceUnavailable());
    FAULTS.put("f-429", Fault.tooManyRequests(RETRY_AFTER));
    FAULTS.put("f-malformed", Fault.malformedJson());
    FAULTS.put("f-count", Fault.wrongResultCount());
  }

  @TempDir Path dir;
  @MigratedDatabase TestDatabase db;
  private SandboxClientSystem sandbox;
  private SandboxClientSystem late;

  @BeforeEach
  void setUp() {
    SandboxClientSystem.Builder builder = SandboxClientSystem.builder();
    FAULTS.keySet().forEach(tenant -> builder.tenant(tenant, Reliability.TOKEN));
    sandbox = builder.start();
  }

  @AfterEach
  void tearDown() {
    sandbox.close();
    if (late != null) {
      late.close();
    }
  }

  @Test
  void everyFault_changesNoStatus_backsOff_thenEverythingGoesUpOnce() throws Exception {
    int closedPort = closedPort();
    List<String> tenants = new ArrayList<>(FAULTS.keySet());
    tenants.add(REFUSED);
    TestData data = new TestData(db);
    List<String> lines = new ArrayList<>(Reliability.quickLoop(tenants.size()));
    lines.add("http.readTimeoutMs=1000");
    for (String tenant : tenants) {
      data.tenant(tenant, 1000, BATCH);
      data.pendingReadings(tenant, tenant + "-r", READINGS);
    }
    FAULTS.forEach(
        (tenant, fault) -> {
          sandbox.switches(tenant).failUntilCleared(fault, Endpoint.UPLOAD);
          lines.addAll(Reliability.tenant(tenant, sandbox));
        });
    lines.addAll(
        Reliability.tenant(
            REFUSED, "http://127.0.0.1:" + closedPort + "/tenants/" + REFUSED + "/"));
    Path config = Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), lines);

    try (JarProcess service = Reliability.service("faults", dir, config)) {
      for (String tenant : FAULTS.keySet()) {
        service.awaitLog(
            tenant + " failed three cycles and backed off",
            Duration.ofSeconds(60),
            Pattern.compile("tenant=" + tenant + " cycle failed \\(\\d+ in a row\\).*retrying in"),
            3);
      }
      service.awaitLog(
          REFUSED + " found unreachable and checked again",
          Duration.ofSeconds(30),
          Pattern.compile("tenant=" + REFUSED + " client system still unreachable"),
          2);

      for (String tenant : tenants) {
        assertUntouched(tenant);
      }
      String log = service.stderr();
      assertBackedOff(log);
      assertTrue(
          log.contains("tenant=" + REFUSED + " client system unreachable; checking every 300 ms"),
          service.tail());
      // The two faults that apply the batch before garbling the answer: held there, not marked.
      assertEquals(BATCH, sandbox.stats("f-malformed").readingsHeld());
      assertEquals(BATCH, sandbox.stats("f-count").readingsHeld());

      FAULTS.keySet().forEach(tenant -> sandbox.switches(tenant).clearFaults());
      late =
          SandboxClientSystem.builder().tenant(REFUSED, Reliability.TOKEN).port(closedPort).start();
      service.await(
          "every tenant synchronized once the faults cleared",
          Duration.ofSeconds(90),
          () -> Reliability.unsynchronized(db.dataSource()) == 0);
      assertTrue(
          service.stderr().contains("tenant=" + REFUSED + " client system reachable again"),
          service.tail());
      service.terminate();
      assertEquals(0, service.waitFor(Duration.ofSeconds(60)), service.tail());
    }
    for (String tenant : FAULTS.keySet()) {
      Reliability.Ledger.of(db.dataSource(), sandbox, List.of(tenant))
          .printAndCheck("client-fault " + tenant.substring(2));
    }
    Reliability.Ledger.of(db.dataSource(), late, List.of(REFUSED))
        .printAndCheck("client-fault refused");
  }

  /** No reading of the tenant changed: all pending, no attempt counted, no error recorded. */
  private void assertUntouched(String tenant) {
    assertEquals(
        READINGS + "/0/0",
        Reliability.queryString(
            db.dataSource(),
            "SELECT count(*) FILTER (WHERE sync_status = 'pending' AND NOT is_synchronized)"
                + " || '/' || count(*) FILTER (WHERE upload_attempts <> 0)"
                + " || '/' || count(*) FILTER (WHERE last_error IS NOT NULL OR"
                + " last_attempt_at IS NOT NULL) FROM meter_reading WHERE tenant_id = ?",
            tenant),
        tenant + ": pending/attempted/with error while the fault lasts");
  }

  /**
   * The waits after consecutive failures never shrink until the cap (each lies in [c/2, c] and the
   * ceiling c doubles), and a 429 is never retried before its Retry-After.
   */
  private static void assertBackedOff(String log) {
    for (String tenant : FAULTS.keySet()) {
      List<Long> waits = Reliability.loggedMillis(log, tenant, "retrying in");
      assertTrue(waits.size() >= 3, tenant + " " + waits);
      System.out.printf("client-fault %s: back-off %s ms%n", tenant.substring(2), waits);
      if (tenant.equals("f-429")) {
        assertTrue(
            waits.stream().allMatch(w -> w >= RETRY_AFTER.toMillis()),
            "429 retried before Retry-After: " + waits);
        continue;
      }
      for (int i = 1; i < waits.size() && waits.get(i - 1) < 500; i++) {
        assertFalse(waits.get(i) < waits.get(i - 1), tenant + " back-off shrank: " + waits);
      }
    }
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
