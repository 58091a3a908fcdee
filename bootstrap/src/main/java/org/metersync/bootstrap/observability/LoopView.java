package org.metersync.bootstrap.observability;

import java.util.List;

/** What the health endpoint shows of the sync loop. */
public interface LoopView {

  LoopState state();

  /** The service instances sharing the tenants, this one included, as of the last renewal. */
  int instances();

  /** Each tenant's place in the loop. */
  List<TenantStatus> status();
}
