package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TenantSharesTest {

  private static final List<TenantId> TWELVE =
      IntStream.rangeClosed(1, 12).mapToObj(i -> TenantId.of("two-" + i)).toList();

  @Test
  void assign_twelveTenantsTwoInstances_sixEach() {
    Map<TenantId, String> owners = TenantShares.assign(TWELVE, List.of("a", "b"));

    assertEquals(6, owners.values().stream().filter("a"::equals).count(), owners.toString());
    assertEquals(6, owners.values().stream().filter("b"::equals).count(), owners.toString());
  }

  @Test
  void assign_twoTenantsTwoInstances_oneEach() {
    Map<TenantId, String> owners =
        TenantShares.assign(List.of(TenantId.of("t1"), TenantId.of("t2")), List.of("a", "b"));

    assertEquals(2, owners.values().stream().distinct().count(), owners.toString());
  }

  @Test
  void assign_oneInstance_getsEveryTenant() {
    assertTrue(TenantShares.assign(TWELVE, List.of("a")).values().stream().allMatch("a"::equals));
  }

  @Test
  void assign_moreInstancesThanTenants_eachTenantElsewhere() {
    Map<TenantId, String> owners =
        TenantShares.assign(TWELVE.subList(0, 3), List.of("a", "b", "c", "d", "e"));

    assertEquals(3, owners.values().stream().distinct().count(), owners.toString());
  }

  @Test
  void assign_tenantsButNoInstance_refusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TenantShares.assign(TWELVE, List.of()));
    assertEquals("no live instance to assign 12 tenant(s) to", e.getMessage());
  }

  @Test
  void share_roundsUp() {
    assertEquals(6, TenantShares.share(12, 2));
    assertEquals(7, TenantShares.share(13, 2));
    assertEquals(0, TenantShares.share(0, 3));
  }

  @Test
  void share_noInstances_refused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TenantShares.share(4, 0));
    assertTrue(e.getMessage().contains("instances >= 1"), e.getMessage());
  }
}
