package org.metersync.adapters.postgres.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MigratedDatabaseExtensionTest {

  @MigratedDatabase static TestDatabase shared;
  @MigratedDatabase TestDatabase perTest;

  private static String firstPerTest;

  @Test
  @Order(1)
  void fields_staticAndInstance_getDistinctMigratedDatabases() {
    assertNotNull(shared);
    assertNotNull(perTest);
    assertNotEquals(shared.name(), perTest.name());
    assertEquals(0, readings(shared));
    assertEquals(0, readings(perTest));
    firstPerTest = perTest.name();
  }

  @Test
  @Order(2)
  void instanceField_nextTest_getsANewDatabaseAndTheLastOneIsDropped() {
    assertNotEquals(firstPerTest, perTest.name());
    assertEquals(0, databasesNamed(firstPerTest));
    assertEquals(1, databasesNamed(perTest.name()));
  }

  @Test
  @Order(3)
  void parameter_getsItsOwnMigratedDatabase(@MigratedDatabase TestDatabase own) {
    assertNotEquals(perTest.name(), own.name());
    assertEquals(0, readings(own));
  }

  /** Fails unless the migrations made the table. */
  private static long readings(TestDatabase db) {
    return new TestData(db).queryLong("SELECT count(*) FROM meter_reading");
  }

  private static long databasesNamed(String name) {
    return new TestData(shared)
        .queryLong("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'");
  }
}
