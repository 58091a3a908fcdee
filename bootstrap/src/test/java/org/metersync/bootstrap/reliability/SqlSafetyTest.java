package org.metersync.bootstrap.reliability;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.adapters.postgres.JooqSyncAdministration;
import org.metersync.adapters.postgres.JooqSyncDatabase;
import org.metersync.adapters.postgres.StatementCounter;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.bootstrap.cli.Main;
import org.metersync.domain.PendingReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadOutcome;

/**
 * Scenario 9 (SQL): statements are never built from strings at run time. No main class passes SQL
 * text to {@link Statement} (only the tenant-change listener's constant {@code LISTEN} and the
 * benchmark database's constant maintenance); outside {@code adapters-postgres} nothing makes JDBC
 * statements, the benchmark and the demo included; no jOOQ plain-SQL template is concatenated. Ids
 * with quotes and SQL in them are stored and found as they are; a tenant id with a quote is refused
 * before any SQL runs.
 */
class SqlSafetyTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("org.metersync");

  private static final String NASTY = "r'1\"; DROP TABLE meter_reading; --\\";
  @MigratedDatabase static TestDatabase db;

  @TempDir Path dir;

  @Test
  void noMainClass_passesSqlTextToAStatement() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(
            "org.metersync.adapters.postgres.TenantChangeListener") // LISTEN takes no parameters
        .and()
        // The benchmark runs constant ANALYZE/VACUUM/CHECKPOINT between scenarios: no values.
        .doNotHaveFullyQualifiedName("org.metersync.adapters.postgres.BenchDatabase")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a java.sql.Statement method taking SQL text",
                (JavaCall<?> call) ->
                    call.getTarget().getOwner().isAssignableTo(Statement.class)
                        && call.getTarget().getRawParameterTypes().stream()
                            .anyMatch(p -> p.isEquivalentTo(String.class))
                        && (call.getName().startsWith("execute")
                            || call.getName().equals("addBatch"))))
        .check(MAIN);
  }

  @Test
  void outsideTheDatabaseAdapter_noJdbcStatementsAreMade() {
    assertTrue(MAIN.contain("org.metersync.bench.Scenarios"), "the benchmark is checked too");
    noClasses()
        .that()
        .resideOutsideOfPackage("org.metersync.adapters.postgres..")
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "java.sql.Connection making a statement",
                (JavaCall<?> call) ->
                    call.getTarget().getOwner().isAssignableTo(Connection.class)
                        && (call.getName().startsWith("prepare")
                            || call.getName().equals("createStatement"))))
        .check(MAIN);
  }

  @Test
  void noJooqPlainSqlTemplate_isConcatenated() throws IOException {
    Pattern concatenated =
        Pattern.compile(
            "(DSL\\.(table|field|condition|sql|query|resultQuery|select)|\\.execute|\\.fetch"
                + "|\\.resultQuery|\\.query|prepareStatement)\\(\\s*\"[^\"]*\"\\s*\\+");
    List<String> found = new ArrayList<>();
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> f.toString().contains("/src/main/java/"))
              // LISTEN takes no bind parameter; its channel is a constant.
              .filter(f -> !f.endsWith("TenantChangeListener.java"))
              .toList()) {
        String source = Files.readString(file).replaceAll("\"\\s*\\+\\s*\"", "");
        if (concatenated.matcher(source).find()) {
          found.add(root.relativize(file).toString());
        }
      }
    }
    assertTrue(found.isEmpty(), "SQL built by concatenation in " + found);
  }

  @Test
  void readingIdsWithQuotesAndSql_storedAndQueriedAsTheyAre() {
    TenantId tenant = TenantId.of("quotes-1");
    Reliability.update(
        db.dataSource(),
        "INSERT INTO tenant (tenant_id, name) VALUES (?, ?)",
        tenant.value(),
        NASTY);
    Reliability.update(
        db.dataSource(),
        "INSERT INTO meter_reading (tenant_id, meter_reading_id, meter_id, taken_at, value, unit)"
            + " VALUES (?, ?, ?, now(), 1, ?), (?, ?, ?, now(), 2, ?)",
        tenant.value(),
        NASTY,
        "M'1",
        "k'Wh",
        tenant.value(),
        NASTY + "2",
        "M'2",
        "k'Wh");
    StatementCounter counter = new StatementCounter();
    JooqSyncDatabase database = JooqSyncDatabase.create(db.dataSource(), counter);
    JooqSyncAdministration administration = JooqSyncAdministration.create(db.dataSource(), counter);

    List<PendingReading> pending = database.getUnsynchronizedReadings(tenant, 10);
    assertEquals(List.of(NASTY, NASTY + "2"), pending.stream().map(r -> r.id().value()).toList());
    assertEquals("M'1", pending.get(0).reading().meterId());
    assertEquals(1, database.markReadingsAsSynchronized(List.of(pending.get(0)), tenant));
    assertEquals(
        1,
        database.recordUploadAttempts(
            tenant, List.of(), List.of(new UploadOutcome.Failed(pending.get(1), 5, "it's 'bad'"))));
    assertEquals(
        "it's 'bad'", administration.failedReadings(Optional.of(tenant), 10).get(0).lastError());
    assertEquals(
        1, administration.requeueFailed(tenant, Optional.of(List.of(ReadingId.of(NASTY + "2")))));
    assertEquals(
        "synchronized,pending",
        Reliability.queryString(
            db.dataSource(),
            "SELECT string_agg(sync_status, ',' ORDER BY meter_reading_id) FROM meter_reading"
                + " WHERE tenant_id = ?",
            tenant.value()));
    assertEquals(
        2,
        Reliability.queryLong(
            db.dataSource(),
            "SELECT count(*) FROM meter_reading WHERE value IN (?, ?)",
            BigDecimal.ONE,
            BigDecimal.valueOf(2)),
        "the table is still there");
  }

  @Test
  void tenantIdWithAQuote_refusedByTheDomainTheDatabaseAndTheCommandLine() throws IOException {
    String quoted = "acme'; DROP TABLE tenant; --";
    assertThrows(IllegalArgumentException.class, () -> TenantId.of(quoted));
    IllegalStateException refused =
        assertThrows(
            IllegalStateException.class,
            () ->
                Reliability.update(
                    db.dataSource(),
                    "INSERT INTO tenant (tenant_id, name) VALUES (?, 'x')",
                    quoted));
    assertTrue(refused.getMessage().contains("check constraint"), refused.getMessage());

    Path config =
        Reliability.config(dir, db.jdbcUrl(), db.user(), db.password(), List.of("server.port=0"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "--config",
            config.toString(),
            "tenant",
            "set-batch-sizes",
            quoted,
            "--download",
            "10",
            "--upload",
            "10");

    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("tenant id must be"), err.toString());
    assertTrue(Reliability.queryLong(db.dataSource(), "SELECT count(*) FROM tenant") >= 1);
  }
}
