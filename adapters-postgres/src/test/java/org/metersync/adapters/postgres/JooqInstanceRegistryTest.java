package org.metersync.adapters.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.metersync.adapters.postgres.testing.MigratedDatabase;
import org.metersync.adapters.postgres.testing.TestData;
import org.metersync.adapters.postgres.testing.TestDatabase;
import org.metersync.application.port.SyncDatabaseException;

/**
 * Instances as rows. Registries of different ids stand for service instances sharing only the
 * database; expiry is moved by setting {@code expires_at}, never by waiting.
 */
class JooqInstanceRegistryTest {

  private static final Duration TTL = Duration.ofMinutes(2);

  @MigratedDatabase TestDatabase db;

  @Test
  void renew_twoInstances_eachSeesBoth() {
    JooqInstanceRegistry a = registry("a");
    JooqInstanceRegistry b = registry("b");

    assertEquals(Set.of("a"), a.renew(), "alone, before b registers");
    assertEquals(Set.of("a", "b"), b.renew());
    assertEquals(Set.of("a", "b"), a.renew());
  }

  @Test
  void renew_registersForTheTimeToLiveByTheDatabaseClock() {
    registry("a").renew();

    long seconds =
        new TestData(db)
            .queryLong(
                "SELECT extract(epoch FROM expires_at - now())::bigint FROM service_instance"
                    + " WHERE instance_id = 'a'");
    assertTrue(seconds > 60 && seconds <= 120, "expires in " + seconds + " s");
  }

  @Test
  void renew_anotherInstanceExpired_notListedAndItsRowDropped() {
    JooqInstanceRegistry a = registry("a");
    registry("b").renew();
    expire("b");

    assertEquals(Set.of("a"), a.renew());
    assertEquals(
        0,
        new TestData(db)
            .queryLong("SELECT count(*) FROM service_instance WHERE" + " instance_id = 'b'"));
  }

  @Test
  void renew_ownRegistrationExpired_registersAgain() {
    JooqInstanceRegistry a = registry("a");
    JooqInstanceRegistry b = registry("b");
    a.renew();
    b.renew();
    expire("a");
    assertEquals(Set.of("b"), b.renew(), "a has dropped out");

    assertEquals(Set.of("a", "b"), a.renew());
    assertEquals(Set.of("a", "b"), b.renew());
  }

  @Test
  void leave_removesOnlyItsOwnRegistration() {
    JooqInstanceRegistry a = registry("a");
    JooqInstanceRegistry b = registry("b");
    a.renew();
    b.renew();

    a.leave();

    assertEquals(Set.of("b"), b.renew());
  }

  @Test
  @Timeout(60)
  void renew_manyInstancesAtOnceEachExpiringInTurn_noneFailsOrDeadlocks() {
    List<JooqInstanceRegistry> registries = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      registries.add(registry("i" + i));
    }
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (int i = 0; i < registries.size(); i++) {
      JooqInstanceRegistry registry = registries.get(i);
      String id = "i" + i;
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                for (int round = 0; round < 50; round++) {
                  // Every renewal meets expired rows of others that it prunes while they renew.
                  registry.renew();
                  expire(id);
                }
              }));
    }
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();

    assertEquals(Set.of("i0"), registries.get(0).renew(), "the others all expired last");
  }

  @Test
  void renew_databaseGone_syncDatabaseErrorNamingTheInstance() {
    JooqInstanceRegistry a = registry("a");
    db.execute("DROP TABLE service_instance");

    SyncDatabaseException e = assertThrows(SyncDatabaseException.class, a::renew);

    assertTrue(
        e.getMessage().startsWith("renewing the registration of instance a failed"),
        e.getMessage());
  }

  private JooqInstanceRegistry registry(String instance) {
    return JooqInstanceRegistry.create(db.dataSource(), new StatementCounter(), instance, TTL);
  }

  private void expire(String instance) {
    db.execute(
        "UPDATE service_instance SET expires_at = now() - interval '1 second'"
            + " WHERE instance_id = '"
            + instance
            + "'");
  }
}
