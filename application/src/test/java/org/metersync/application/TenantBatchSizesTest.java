package org.metersync.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.application.fakes.InMemorySyncDatabase;
import org.metersync.application.fakes.InMemorySyncDatabase.Call;
import org.metersync.application.fakes.InMemoryTenantCache;
import org.metersync.application.port.TenantBatchConfig;
import org.metersync.application.port.TenantCache;
import org.metersync.application.port.UnknownTenantException;
import org.metersync.domain.BatchSizes;
import org.metersync.domain.TenantId;

class TenantBatchSizesTest {

  private static final TenantId T = TenantId.of("tenant-1");

  private final InMemorySyncDatabase db = new InMemorySyncDatabase().addTenant(T, 1000, 100);
  private final InMemoryTenantCache cache = new InMemoryTenantCache(db);
  private final TenantBatchSizes batchSizes = new TenantBatchSizes(db, cache);

  @Test
  void set_valid_storesAndInvalidatesTheCache() {
    cache.getTenant(T);

    BatchSizes sizes = batchSizes.set(T, 2000, 250);

    assertEquals(new BatchSizes(2000, 250), sizes);
    assertEquals(new TenantBatchConfig(2000, 250), db.getTenantBatchConfig(T));
    assertEquals(List.of(T), cache.invalidations());
    TenantCache.Lookup next = cache.getTenant(T);
    assertEquals(TenantCache.Source.DATABASE, next.source());
    assertEquals(sizes, next.tenant().sizes());
  }

  @Test
  void set_boundaries_areAccepted() {
    assertEquals(new BatchSizes(1, 10_000), batchSizes.set(T, 1, 10_000));
  }

  @Test
  void set_invalidDownload_throwsNamingTheFieldAndWritesNothing() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> batchSizes.set(T, 0, 100));

    assertEquals("download_batch_size must be between 1 and 10000, was 0", e.getMessage());
    assertNothingWritten();
  }

  @Test
  void set_invalidUpload_throwsNamingTheFieldAndWritesNothing() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> batchSizes.set(T, 1000, 10_001));

    assertEquals("upload_batch_size must be between 1 and 10000, was 10001", e.getMessage());
    assertNothingWritten();
  }

  @Test
  void set_unknownTenant_throwsAndInvalidatesNothing() {
    TenantId nobody = TenantId.of("nobody");

    assertThrows(UnknownTenantException.class, () -> batchSizes.set(nobody, 10, 10));

    assertEquals(List.of(), cache.invalidations());
  }

  private void assertNothingWritten() {
    assertEquals(0, db.calls(Call.UPDATE_BATCH_SIZES));
    assertEquals(new TenantBatchConfig(1000, 100), db.getTenantBatchConfig(T));
    assertEquals(List.of(), cache.invalidations());
  }
}
