package org.metersync.bootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled main classes of every
 * module on the service's class path: one rule per module, the onion over all of them, and no
 * cycles between modules or between bootstrap's packages.
 */
@AnalyzeClasses(
    packages = "org.metersync",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.NoTestJars.class})
class ArchitectureTest {

  /** Test fixtures shipped in other modules' test-jars are not production code. */
  static final class NoTestJars implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("-tests.jar");
    }
  }

  private static final String DOMAIN = "org.metersync.domain..";
  private static final String SPI = "org.metersync.spi..";
  private static final String TESTKIT = "org.metersync.testkit..";
  private static final String APPLICATION = "org.metersync.application..";
  private static final String PORTS = "org.metersync.application.port..";
  private static final String POSTGRES = "org.metersync.adapters.postgres..";
  private static final String HTTP = "org.metersync.adapters.http..";
  private static final String SANDBOX = "org.metersync.sandbox..";
  private static final String BENCH = "org.metersync.bench..";
  private static final String BOOTSTRAP = "org.metersync.bootstrap..";
  private static final String COMPOSITION_ROOT = "org.metersync.bootstrap";
  private static final String PLUGINS = "org.metersync.bootstrap.plugins..";
  private static final String CLI = "org.metersync.bootstrap.cli..";
  private static final String LOOP = "org.metersync.bootstrap.loop..";
  private static final String OBSERVABILITY = "org.metersync.bootstrap.observability..";
  private static final String[] DRIVING_ADAPTERS = {CLI, LOOP, OBSERVABILITY};

  /** Tools beside the hexagon, with rules of their own below. */
  private static final DescribedPredicate<JavaClass> TOOLS =
      describe(
          "the composition root, plug-in loading, the sandbox, the bench and the test kit",
          c ->
              c.getPackageName().equals(COMPOSITION_ROOT)
                  || resideInAPackage(PLUGINS).test(c)
                  || resideInAPackage(SANDBOX).test(c)
                  || resideInAPackage(BENCH).test(c)
                  || resideInAPackage(TESTKIT).test(c));

  @ArchTest
  static final ArchRule layers_are_an_onion =
      onionArchitecture()
          .domainModels(DOMAIN)
          .applicationServices(APPLICATION, SPI)
          .adapter("postgres", POSTGRES)
          .adapter("http", HTTP)
          .adapter("driving", DRIVING_ADAPTERS)
          // The domain has values and rules but no separate domain-service layer.
          .withOptionalLayers(true)
          .ignoreDependency(TOOLS, DescribedPredicate.alwaysTrue());

  // ---- one rule per module ----

  @ArchTest
  static final ArchRule domain_depends_only_on_the_jdk =
      classes()
          .that()
          .resideInAPackage(DOMAIN)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(DOMAIN, "java..");

  /** A plug-in depends on the SPI; the SPI must not pull anything in behind it. */
  @ArchTest
  static final ArchRule spi_depends_only_on_the_domain_and_the_jdk =
      classes()
          .that()
          .resideInAPackage(SPI)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(SPI, DOMAIN, "java..");

  @ArchTest
  static final ArchRule application_depends_on_spi_domain_jdk_and_logging_facade_only =
      classes()
          .that()
          .resideInAPackage(APPLICATION)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(APPLICATION, SPI, DOMAIN, "java..", "org.slf4j..");

  @ArchTest
  static final ArchRule postgres_adapter_uses_no_other_module_of_the_outer_ring =
      noClasses()
          .that()
          .resideInAPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP, SANDBOX, BENCH, BOOTSTRAP, TESTKIT);

  /** The built-in HTTP kinds are written like any plug-in: against the SPI alone. */
  @ArchTest
  static final ArchRule http_adapter_knows_only_the_spi_and_the_domain =
      noClasses()
          .that()
          .resideInAPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(APPLICATION, POSTGRES, SANDBOX, BENCH, BOOTSTRAP, TESTKIT);

  /** The sandbox plays a client system: it shares the domain's values and nothing else. */
  @ArchTest
  static final ArchRule sandbox_depends_only_on_the_domain_json_and_the_jdk =
      classes()
          .that()
          .resideInAPackage(SANDBOX)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              SANDBOX,
              DOMAIN,
              "java..",
              "com.sun.net.httpserver..",
              "com.fasterxml.jackson..",
              "org.slf4j..");

  /** What the benchmark measures is the service as bootstrap wires it, never its own wiring. */
  @ArchTest
  static final ArchRule bench_uses_the_database_adapter_only_for_its_plain_jdbc_yardsticks =
      noClasses()
          .that()
          .resideInAPackage(BENCH)
          .should()
          .dependOnClassesThat(
              describe(
                  "database adapter classes other than BenchDatabase and PlainJdbcFlows",
                  c ->
                      c.getPackageName().equals("org.metersync.adapters.postgres")
                          && !c.getName()
                              .startsWith("org.metersync.adapters.postgres.BenchDatabase")
                          && !c.getName()
                              .startsWith("org.metersync.adapters.postgres.PlainJdbcFlows")))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(HTTP, BOOTSTRAP);

  /** Plug-in loading knows kinds only through the SPI: built-in kinds are found like plug-ins. */
  @ArchTest
  static final ArchRule plugin_loading_knows_only_the_spi =
      classes()
          .that()
          .resideInAPackage(PLUGINS)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(PLUGINS, SPI, DOMAIN, "java..", "org.slf4j..");

  /** Commands, the loop and health/metrics call use cases, never a driven port or an adapter. */
  @ArchTest
  static final ArchRule driving_adapters_call_use_cases_not_driven_ports =
      noClasses()
          .that()
          .resideInAnyPackage(DRIVING_ADAPTERS)
          .should()
          .dependOnClassesThat(INTERFACES.and(resideInAPackage(PORTS)))
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(POSTGRES, HTTP);

  @ArchTest
  static final ArchRule the_loop_and_health_do_not_know_the_command_line =
      noClasses()
          .that()
          .resideInAnyPackage(LOOP, OBSERVABILITY)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(CLI, "picocli..");

  // ---- libraries confined to their module ----

  @ArchTest
  static final ArchRule jdbc_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.sql..");

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
  static final ArchRule caffeine_only_in_postgres_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(POSTGRES)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.github.benmanes.caffeine..");

  @ArchTest
  static final ArchRule retrofit_and_okhttp_only_in_http_adapter =
      noClasses()
          .that()
          .resideOutsideOfPackage(HTTP)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("retrofit2..", "okhttp3..");

  /** Wiring happens in one place: the composition root's own package. */
  @ArchTest
  static final ArchRule dagger_only_in_the_composition_root =
      noClasses()
          .that()
          .resideOutsideOfPackage(COMPOSITION_ROOT)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dagger..", "javax.inject..", "jakarta.inject..");

  @ArchTest
  static final ArchRule nothing_outside_bootstrap_depends_on_it =
      noClasses()
          .that()
          .resideOutsideOfPackage(BOOTSTRAP)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(BOOTSTRAP);

  @ArchTest
  static final ArchRule domain_and_application_use_no_serialization_framework =
      noClasses()
          .that()
          .resideInAnyPackage(DOMAIN, SPI, APPLICATION)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "com.fasterxml.jackson..", "jakarta.persistence..", "javax.persistence..");

  // ---- no cycles ----

  @ArchTest
  static final ArchRule module_packages_are_free_of_cycles =
      slices().matching("org.metersync.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule adapter_packages_are_free_of_cycles =
      slices().matching("org.metersync.adapters.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule bootstrap_packages_are_free_of_cycles =
      slices().matching("org.metersync.bootstrap.(*)..").should().beFreeOfCycles();
}
