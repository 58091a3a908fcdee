package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultExecuteListenerProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.CycleHistory.CycleRecord;
import org.metersync.application.port.OperatorQueries.TenantLag;
import org.metersync.application.port.OperatorQueries.TenantOverview;
import org.metersync.application.port.TenantRegistration;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.CycleOutcome;
import org.metersync.domain.TenantId;

/** Lag figures, enabling and disabling, and the credential reference a registration stores. */
class TenantLagQueryTest {

  private static final AtomicInteger TENANTS = new AtomicInteger();
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00Z");
  @MigratedDatabase static TestDatabase db;
  private static TestData data;
  private static JooqSyncAdministration administration;
  private static final List<String> statements = new ArrayList<>();
  private TenantId tenant;

  @BeforeAll
  static void createDatabase() {
    data = new TestData(db);
    StatementCounter counter = new StatementCounter();
    administration =
        new JooqSyncAdministration(
            DSL.using(
                JooqSyncDatabase.configuration(db.dataSource(), counter)
                    .derive(
                        new DefaultExecuteListenerProvider(counter),
                        new DefaultExecuteListenerProvider(
                            new ExecuteListener() {
                              @Override
                              public void executeStart(ExecuteContext ctx) {
                                statements.add(ctx.sql());
                              }
                            }))));
  }

  @BeforeEach
  void newTenant() {
    tenant = TenantId.of("lag" + TENANTS.incrementAndGet());
    data.tenant(tenant.value(), null, null);
  }

  @Test
  void lag_oldestPendingByBacklogPosition_ageOfThatReadingOnTheDatabaseClock() {
    data.pendingReadings(tenant.value(), "r", 3);
    // r1 is first in the backlog; r2 was stamped earlier but queued later; r3 is synchronized.
    stamp("r1", "1 hour");
    stamp("r2", "2 hours");
    db.execute(
        "UPDATE meter_reading SET sync_status = 'synchronized', is_synchronized = true,"
            + " created_at = now() - interval '5 hours' WHERE tenant_id = '"
            + tenant
            + "' AND meter_reading_id = 'r3'");

    Duration age = lag().oldestPendingAge();

    assertTrue(
        age.compareTo(Duration.ofHours(1)) >= 0 && age.compareTo(Duration.ofHours(2)) < 0,
        "the first row of the backlog is r1, stamped an hour ago: " + age);
    Duration shown = overview().oldestPendingAge();
    assertTrue(
        shown.compareTo(Duration.ofHours(1)) >= 0 && shown.compareTo(Duration.ofHours(2)) < 0,
        "tenants shows the same reading's age: " + shown);
  }

  @Test
  void lag_nothingPending_zeroAndNoCycleYet() {
    TenantLag lag = lag();

    assertEquals(Duration.ZERO, lag.oldestPendingAge());
    assertTrue(lag.enabled());
    assertEquals(Optional.empty(), lag.lastSuccessfulUpload());
    assertEquals(Optional.empty(), lag.lastSuccessfulDownload());
    assertEquals(Optional.empty(), lag.lastCycleAt());
    assertEquals(0, lag.consecutiveFailures());
  }

  @Test
  void recordCycle_failedAfterSuccess_keepsTheLastSuccessfulUploadAndDownload() {
    administration.recordCycle(
        tenant,
        new CycleRecord(
            AT, CycleOutcome.OK, Optional.empty(), 3, 4, 0, Optional.of(AT), Optional.of(AT)));
    Instant uploadOnly = AT.plusSeconds(60);
    administration.recordCycle(
        tenant,
        new CycleRecord(
            uploadOnly,
            CycleOutcome.FAILED,
            Optional.of("503"),
            1,
            0,
            1,
            Optional.of(uploadOnly),
            Optional.empty()));
    Instant failed = AT.plusSeconds(120);
    administration.recordCycle(
        tenant, new CycleRecord(failed, CycleOutcome.FAILED, Optional.of("refused"), 0, 0, 2));

    TenantLag lag = lag();

    assertEquals(Optional.of(uploadOnly), lag.lastSuccessfulUpload());
    assertEquals(Optional.of(AT), lag.lastSuccessfulDownload());
    assertEquals(Optional.of(failed), lag.lastCycleAt());
    assertEquals(2, lag.consecutiveFailures());
    CycleRecord last = overview().lastCycle().orElseThrow();
    assertEquals(Optional.of(uploadOnly), last.lastSuccessfulUpload());
    assertEquals(Optional.of(AT), last.lastSuccessfulDownload());
  }

  @Test
  void setEnabled_disableThenEnable_changesOnceAndShowsInLagAndOverview() {
    assertTrue(administration.setEnabled(tenant, false));
    assertFalse(administration.setEnabled(tenant, false));
    assertFalse(lag().enabled());
    assertFalse(overview().enabled());
    assertFalse(listed().enabled());

    assertTrue(administration.setEnabled(tenant, true));
    assertTrue(lag().enabled());
  }

  @Test
  void setEnabled_unknownTenant_refusedNamingIt() {
    UnknownTenantException e =
        assertThrows(
            UnknownTenantException.class,
            () -> administration.setEnabled(TenantId.of("lag-nope"), false));

    assertEquals(TenantId.of("lag-nope"), e.tenantId());
  }

  @Test
  void register_disabledTenant_staysDisabled() {
    administration.setEnabled(tenant, false);

    administration.register(
        new TenantRegistration(tenant, "Renamed", "reference-rest", "http://a/", Optional.empty()));

    assertFalse(listed().enabled());
    assertEquals("Renamed", listed().name());
  }

  @Test
  void register_credentialReference_storedAndChangedWithTheConfiguration() {
    administration.register(
        new TenantRegistration(
            tenant,
            "T",
            "reference-rest",
            "http://a/",
            Optional.empty(),
            Optional.of("env:LAG_TOKEN")));
    assertEquals(Optional.of("env:LAG_TOKEN"), listed().credential());

    administration.register(
        new TenantRegistration(tenant, "T", "reference-rest", "http://a/", Optional.empty()));

    assertEquals(Optional.empty(), listed().credential());
  }

  @Test
  void lag_statement_findsTheOldestPendingReadingThroughTheBacklogIndex() {
    data.pendingReadings(tenant.value(), "p", 2000);
    db.execute("ANALYZE meter_reading");
    statements.clear();

    administration.lag();

    assertEquals(1, statements.size(), statements.toString());
    String plan =
        String.join(
            "\n",
            DSL.using(db.dataSource(), org.jooq.SQLDialect.POSTGRES)
                .fetch("EXPLAIN " + statements.get(0))
                .getValues(0, String.class));
    assertTrue(plan.contains("meter_reading_backlog"), plan);
  }

  private void stamp(String readingId, String ago) {
    db.execute(
        "UPDATE meter_reading SET created_at = now() - interval '"
            + ago
            + "' WHERE tenant_id = '"
            + tenant
            + "' AND meter_reading_id = '"
            + readingId
            + "'");
  }

  private TenantLag lag() {
    return administration.lag().stream()
        .filter(l -> l.id().equals(tenant))
        .findFirst()
        .orElseThrow();
  }

  private TenantOverview overview() {
    return administration.tenantOverview().stream()
        .filter(t -> t.id().equals(tenant))
        .findFirst()
        .orElseThrow();
  }

  private org.metersync.application.port.Tenant listed() {
    return administration.listTenants().stream()
        .filter(t -> t.id().equals(tenant))
        .findFirst()
        .orElseThrow();
  }
}
