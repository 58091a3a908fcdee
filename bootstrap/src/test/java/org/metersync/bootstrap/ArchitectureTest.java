package org.metersync.bootstrap;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;

/** The dependency rules of DESIGN.md §2, checked on the compiled classes of every module. */
@AnalyzeClasses(
    packages = "org.metersync",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /** Test fixtures shipped in other modules' test-jars are not production code. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(com.tngtech.archunit.core.importer.Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String DOMAIN = "org.metersync.domain..";
  private static final String SPI = "org.metersync.spi..";
  private static final String APPLICATION = "org.metersync.application..";
  private static final String POSTGRES = "org.metersync.adapters.postgres..";
  private static final String HTTP = "org.metersync.adapters.http..";
  private static final String BOOTSTRAP = "org.metersync.bootstrap..";
  private static final String BENCH = "org.metersync.bench..";

  /** The CLI commands, the sync loop, health and metrics: they call use cases. */
  private static final DescribedPredicate<JavaClass> DRIVING_ADAPTERS =
      DescribedPredicate.describe(
          "driving adapters (commands, loop, health, metrics)",
          c -> {
            String topLevel = c.getName().split("\\$")[0];
            String simple = topLevel.substring(topLevel.lastIndexOf('.') + 1);
            return c.getPackageName().equals("org.metersync.bootstrap")
                && (simple.endsWith("Command")
                    || Set.of("SyncLoop", "Service", "ObservabilityServer", "SyncMetrics")
                        .contains(simple));
          });

  /** The database's out-ports and adapters, the statement counter and listener excepted. */
  private static final DescribedPredicate<JavaClass> DRIVEN_DATABASE_SIDE =
      DescribedPredicate.describe(
          "sync-database ports or their adapters",
          c ->
              (c.getPackageName().equals("org.metersync.application.port")
                      && Set.of(
                              "UploadBacklog",
                              "UploadAttempts",
                              "DownloadedPages",
                              "TenantConfigStore",
                              "CycleHistory",
                              "OperatorQueries",
                              "OperatorCommands",
                              "TenantLocks",
                              "LocalReadings",
                              "DatabaseHealth",
                              "SchemaMigrations",
                              "TenantDirectory",
                              "TenantCache")
                          .contains(c.getSimpleName()))
                  || (c.getPackageName().equals("org.metersync.adapters.postgres")
                      && !Set.of("StatementCounter", "TenantChangeListener")
                          .contains(c.getSimpleName())));

  @ArchTest
  static final ArchRule layers_are_an_onion =
      onionArchitecture()
          .domainModels(DOMAIN)
          .applicationServices(APPLICATION, SPI)
          .adapter("postgres", POSTGRES)
          .adapter("http", HTTP)
          // The domain has values and rules but no separate domain-service layer.
          .withOptionalLayers(true)
          .ignoreDependency(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "the composition root",
                  c -> c.getPackageName().startsWith("org.metersync.bootstrap")),
              com.tngtech.archunit.base.DescribedPredicate.alwaysTrue())
          // A tool beside the composition root: its own rules are below.
          .ignoreDependency(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "the benchmark", c -> c.getPackageName().startsWith("org.metersync.bench")),
              com.tngtech.archunit.base.DescribedPredicate.alwaysTrue());

  @ArchTest
  static final ArchRule driving_adapters_call_use_cases_not_driven_ports =
      noClasses().that(DRIVING_ADAPTERS).should().dependOnClassesThat(DRIVEN_DATABASE_SIDE);

  /** The bench is on its way to a module of its own and keeps its SQL until then. */
  @ArchTest
  static final ArchRule jdbc_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackages(POSTGRES, "org.metersync.bootstrap.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.sql..");

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, "java..");

  @ArchTest
  static final ArchRule application_depends_on_domain_jdk_and_logging_facade_only =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(APPLICATION, SPI, DOMAIN, "java..", "org.slf4j..");

  @ArchTest
  static final ArchRule postgres_adapter_does_not_use_http_adapter =
      noClasses()
          .that()
          .resideInAPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(HTTP);

  @ArchTest
  static final ArchRule http_adapter_does_not_use_postgres_adapter =
      noClasses()
          .that()
          .resideInAPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(POSTGRES);

  @ArchTest
  static final ArchRule jooq_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.jooq..");

  @ArchTest
  static final ArchRule flyway_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.flywaydb..");

  @ArchTest
  static final ArchRule retrofit_and_okhttp_only_in_http_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("retrofit2..", "okhttp3..");

  @ArchTest
  static final ArchRule caffeine_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.github.benmanes.caffeine..");

  @ArchTest
  static final ArchRule dagger_only_in_bootstrap =
      noClasses()
          .that()
          .resideOutsideOfPackage(BOOTSTRAP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..");

  @ArchTest
  static final ArchRule nothing_depends_on_bootstrap =
      noClasses()
          .that()
          .resideOutsideOfPackage(BOOTSTRAP)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(BOOTSTRAP);

  /** What the benchmark measures is the service as bootstrap wires it, never its own wiring. */
  @ArchTest
  static final ArchRule bench_uses_the_database_adapter_only_for_its_plain_jdbc_yardsticks =
      noClasses()
          .that()
          .resideInAPackage(BENCH)
          .should()
          .dependOnClassesThat(
              com.tngtech.archunit.base.DescribedPredicate.describe(
                  "database adapter classes other than BenchDatabase and PlainJdbcFlows",
                  c ->
                      c.getPackageName().startsWith("org.metersync.adapters.postgres")
                          && !c.getName()
                              .startsWith("org.metersync.adapters.postgres.BenchDatabase")
                          && !c.getName().equals("org.metersync.adapters.postgres.PlainJdbcFlows")))
          .orShould()
          .dependOnClassesThat()
          .resideInAPackage(HTTP);

  @ArchTest
  static final ArchRule domain_and_application_use_no_serialization_framework =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN, APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.fasterxml.jackson..", "jakarta.persistence..", "javax.persistence..");

  @ArchTest
  static final ArchRule module_packages_are_free_of_cycles =
      slices().matching("org.metersync.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule adapter_packages_are_free_of_cycles =
      slices().matching("org.metersync.adapters.(*)..").should().beFreeOfCycles();
}
