package org.metersync.bootstrap.loop;

import java.time.Duration;
import java.util.Set;

/**
 * The service instances a loop shares its tenants with, as registered in the sync database: each
 * syncs its share of the enabled tenants among the instances live now ({@code TenantShares}).
 */
public interface Instances {

  /** This instance's id. */
  String self();

  /** Whether other instances may share the tenants; if not, this loop syncs every tenant. */
  boolean shared();

  /** How often the loop renews this instance's registration and reads who is live. */
  Duration renewEvery();

  /**
   * Registers this instance, or extends its registration, and returns the ids of the instances live
   * now, this one included.
   *
   * @throws RuntimeException if the sync database fails; the loop then keeps the last it knew
   */
  Set<String> renew();

  /** Ends this instance's registration, so the others take its tenants at their next renewal. */
  void leave();

  /** An instance that syncs every tenant and registers nowhere: a one-tenant sync, the tests. */
  static Instances alone() {
    return new Instances() {
      @Override
      public String self() {
        return "this instance";
      }

      @Override
      public boolean shared() {
        return false;
      }

      @Override
      public Duration renewEvery() {
        return Duration.ofDays(1);
      }

      @Override
      public Set<String> renew() {
        return Set.of(self());
      }

      @Override
      public void leave() {}
    };
  }
}
