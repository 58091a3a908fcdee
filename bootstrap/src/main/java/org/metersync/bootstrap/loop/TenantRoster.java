package org.metersync.bootstrap.loop;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.metersync.domain.TenantId;

/**
 * Where the sync loop learns, at every refresh, which tenants there are and makes their client
 * systems: configuration and the tenant table, read anew each time.
 */
public interface TenantRoster {

  /** Every tenant there is now, enabled or not, ordered by id. */
  List<TenantEntry> current();

  /**
   * Makes the tenant's client system and cycle.
   *
   * @throws IllegalArgumentException if it cannot be made (unknown kind, missing credential, no
   *     endpoint), naming the tenant and what is wrong
   */
  TenantSync make(TenantEntry entry);

  /** A roster that never changes: these tenants, enabled, with what was made for them. */
  static TenantRoster fixed(List<TenantSync> syncs) {
    Map<TenantId, TenantSync> made =
        syncs.stream().collect(Collectors.toMap(TenantSync::id, Function.identity()));
    List<TenantEntry> entries =
        syncs.stream().map(sync -> new TenantEntry(sync.settings(), true)).toList();
    return new TenantRoster() {
      @Override
      public List<TenantEntry> current() {
        return entries;
      }

      @Override
      public TenantSync make(TenantEntry entry) {
        TenantSync sync = made.get(entry.id());
        if (sync == null || !sync.settings().equals(entry.settings())) {
          throw new IllegalArgumentException("tenant " + entry.id() + " is not in this roster");
        }
        return sync;
      }
    };
  }
}
