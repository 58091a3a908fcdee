package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

class TenantSharesPropertiesTest {

  /** Tenants and live instances as a sync database could hold them, in the order read. */
  private record Case(List<TenantId> tenants, List<String> instances) {}

  /** Mostly few of each (where the split matters most), sometimes many tenants. */
  private static Gen<Case> cases() {
    Gen<Integer> tenantCounts = integers().between(0, 30).mix(integers().between(31, 400), 20);
    return tenantCounts.zip(
        integers().between(1, 9),
        longs().all(),
        (tenants, instances, seed) -> {
          Random random = new Random(seed);
          List<TenantId> tenantIds = new ArrayList<>();
          IntStream.range(0, tenants)
              .forEach(i -> tenantIds.add(TenantId.of("t" + Long.toHexString(random.nextLong()))));
          List<String> instanceIds = new ArrayList<>();
          IntStream.range(0, instances)
              .forEach(i -> instanceIds.add(random.nextInt(100_000) + "@host/" + random.nextInt()));
          return new Case(tenantIds, instanceIds);
        });
  }

  @Test
  @DisplayName("TenantShares.assign (1): every tenant goes to exactly one of the live instances")
  void everyTenantToOneLiveInstance() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases())
        .checkAssert(
            c -> {
              examples.incrementAndGet();
              Map<TenantId, String> owners = TenantShares.assign(c.tenants(), c.instances());

              assertEquals(new HashSet<>(c.tenants()), owners.keySet());
              assertTrue(c.instances().containsAll(owners.values()), owners.toString());
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName(
      "TenantShares.assign (2): each instance gets tenants / instances, rounded down or up")
  void sharesDifferByAtMostOne() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases())
        .checkAssert(
            c -> {
              examples.incrementAndGet();
              Set<TenantId> tenants = new HashSet<>(c.tenants());
              Set<String> instances = new HashSet<>(c.instances());
              Map<String, Integer> counts = counts(TenantShares.assign(tenants, instances));
              int floor = tenants.size() / instances.size();
              int share = TenantShares.share(tenants.size(), instances.size());
              for (String instance : instances) {
                int count = counts.getOrDefault(instance, 0);
                assertTrue(
                    count >= floor && count <= share,
                    instance + " got " + count + " of " + tenants.size() + ": " + counts);
              }
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName(
      "TenantShares.assign (3): the same tenants and instances, listed in any order, give the"
          + " same assignment")
  void orderDoesNotMatter() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases(), longs().all())
        .checkAssert(
            (c, seed) -> {
              examples.incrementAndGet();
              List<TenantId> tenants = new ArrayList<>(c.tenants());
              List<String> instances = new ArrayList<>(c.instances());
              Collections.shuffle(tenants, new Random(seed));
              Collections.shuffle(instances, new Random(seed + 1));

              assertEquals(
                  TenantShares.assign(c.tenants(), c.instances()),
                  TenantShares.assign(tenants, instances));
            });
    assertAtLeast100(examples);
  }

  @Test
  @DisplayName(
      "TenantShares.assign (4): an instance joining takes at most its share; the others keep"
          + " the rest where they were, but for the moves rounding needs")
  void aJoiningInstanceMovesFewTenants() {
    AtomicInteger examples = new AtomicInteger();
    qt().withExamples(200)
        .forAll(cases())
        .checkAssert(
            c -> {
              examples.incrementAndGet();
              Set<TenantId> tenants = new HashSet<>(c.tenants());
              Set<String> instances = new HashSet<>(c.instances());
              Map<TenantId, String> before = TenantShares.assign(tenants, instances);
              Set<String> more = new HashSet<>(instances);
              more.add("joining@host/1");
              Map<TenantId, String> after = TenantShares.assign(tenants, more);

              long moved =
                  tenants.stream().filter(t -> !before.get(t).equals(after.get(t))).count();
              long toNewcomer = counts(after).getOrDefault("joining@host/1", 0);
              // Every move but those to the newcomer is a tenant pushed on by a full instance.
              assertTrue(
                  moved <= 2 * toNewcomer + instances.size(),
                  moved + " moved, " + toNewcomer + " to the newcomer, of " + tenants.size());
            });
    assertAtLeast100(examples);
  }

  private static Map<String, Integer> counts(Map<TenantId, String> owners) {
    Map<String, Integer> counts = new HashMap<>();
    owners.values().forEach(instance -> counts.merge(instance, 1, Integer::sum));
    return counts;
  }

  private static void assertAtLeast100(AtomicInteger examples) {
    assertTrue(examples.get() >= 100, "only " + examples.get() + " examples ran");
  }
}
