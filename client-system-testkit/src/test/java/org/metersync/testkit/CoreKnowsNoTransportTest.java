package org.metersync.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** A kind that is not HTTP can use the core without OkHttp or MockWebServer on its class path. */
@AnalyzeClasses(
    packages = "org.metersync.testkit",
    importOptions = ImportOption.DoNotIncludeTests.class)
class CoreKnowsNoTransportTest {

  @ArchTest
  static final ArchRule core_uses_no_http_library =
      noClasses()
          .that()
          .resideInAPackage("org.metersync.testkit")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "okhttp3..", "mockwebserver3..", "okio..", "org.metersync.testkit.http..");
}
