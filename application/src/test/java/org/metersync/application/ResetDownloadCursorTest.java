package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.port.OperatorCommands;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;

class ResetDownloadCursorTest {

  private static final TenantId T = TenantId.of("reset-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T);
  private final List<TenantId> resets = new ArrayList<>();
  private final ResetDownloadCursor reset =
      new ResetDownloadCursor(
          db,
          new OperatorCommands() {
            @Override
            public int requeueFailed(TenantId tenantId, Optional<List<ReadingId>> readingIds) {
              throw new UnsupportedOperationException("not a reset");
            }

            @Override
            public boolean resetDownloadCursor(TenantId tenantId) {
              resets.add(tenantId);
              return true;
            }
          });

  @Test
  void reset_knownTenant_forgetsItsCursor() {
    assertTrue(reset.reset(T));
    assertEquals(List.of(T), resets);
  }

  @Test
  void reset_unknownTenant_throwsNamingItAndResetsNothing() {
    UnknownTenantException e =
        assertThrows(UnknownTenantException.class, () -> reset.reset(TenantId.of("typo")));

    assertEquals(TenantId.of("typo"), e.tenantId());
    assertEquals(List.of(), resets);
  }
}
