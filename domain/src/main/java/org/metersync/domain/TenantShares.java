package org.metersync.domain;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Which service instance syncs which tenant, when several share one sync database: every tenant
 * goes to exactly one live instance, and each instance gets its fair share, {@code tenants /
 * instances} rounded down or up. A tenant goes to the instance that ranks highest for it
 * (rendezvous hashing) among those with room left, tenants taken in id order, so an instance coming
 * or going moves few tenants besides its own. The same tenants and instances give the same
 * assignment on every instance, in whatever order they are listed.
 */
public final class TenantShares {

  private TenantShares() {}

  /**
   * The instance syncing each tenant.
   *
   * @param instances the live instances' ids; at least one if there are tenants
   * @throws IllegalArgumentException if there are tenants but no instances
   */
  public static Map<TenantId, String> assign(
      Collection<TenantId> tenants, Collection<String> instances) {
    requireNonNull(tenants, "tenants");
    requireNonNull(instances, "instances");
    TreeSet<TenantId> sortedTenants = new TreeSet<>(Comparator.comparing(TenantId::value));
    sortedTenants.addAll(tenants);
    List<String> live = new TreeSet<>(instances).stream().toList();
    if (live.isEmpty() && !sortedTenants.isEmpty()) {
      throw new IllegalArgumentException(
          "no live instance to assign " + sortedTenants.size() + " tenant(s) to");
    }
    Map<TenantId, String> owners = new LinkedHashMap<>();
    if (sortedTenants.isEmpty()) {
      return owners;
    }
    int floor = sortedTenants.size() / live.size();
    // Exactly this many instances get one tenant more than the floor: room adds up to the tenants.
    int aboveFloor = sortedTenants.size() % live.size();
    Map<String, Integer> taken = new HashMap<>();
    for (TenantId tenant : sortedTenants) {
      List<String> ranked = live.stream().sorted(byRank(tenant)).toList();
      for (String instance : ranked) {
        int count = taken.getOrDefault(instance, 0);
        if (count < floor || (count == floor && aboveFloor > 0)) {
          if (count == floor) {
            aboveFloor--;
          }
          taken.put(instance, count + 1);
          owners.put(tenant, instance);
          break;
        }
      }
    }
    return owners;
  }

  /** The most tenants one instance syncs: {@code tenants / instances}, rounded up. */
  public static int share(int tenants, int instances) {
    if (tenants < 0 || instances < 1) {
      throw new IllegalArgumentException(
          "a share needs tenants >= 0 and instances >= 1, was " + tenants + " and " + instances);
    }
    return (tenants + instances - 1) / instances;
  }

  /** Highest rank first; ties (a hash collision) by id, so the order is total. */
  private static Comparator<String> byRank(TenantId tenant) {
    return Comparator.<String>comparingLong(instance -> rank(tenant, instance))
        .reversed()
        .thenComparing(Comparator.naturalOrder());
  }

  /**
   * A 64-bit hash of the pair, the same on every JVM: FNV-1a over the UTF-8 bytes, then
   * MurmurHash3's finalizer, so ids that differ in one character rank far apart.
   */
  static long rank(TenantId tenant, String instance) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : (tenant.value() + '\0' + instance).getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }
}
