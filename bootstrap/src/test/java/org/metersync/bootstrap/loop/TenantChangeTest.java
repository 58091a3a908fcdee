package org.metersync.bootstrap.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemSettings;

class TenantChangeTest {

  private static final TenantId A = TenantId.of("a");
  private static final TenantId B = TenantId.of("b");

  @Test
  void between_sameTenants_noChange() {
    assertEquals(
        List.of(),
        TenantChange.between(
            known(entry(A, "http://a/", true)), List.of(entry(A, "http://a/", true))));
  }

  @Test
  void between_newTenant_added() {
    TenantEntry b = entry(B, "http://b/", false);

    assertEquals(
        List.of(new TenantChange.Added(b)),
        TenantChange.between(
            known(entry(A, "http://a/", true)), List.of(entry(A, "http://a/", true), b)));
  }

  @Test
  void between_tenantGone_removedAfterTheOthers() {
    TenantEntry b = entry(B, "http://b/", true);

    assertEquals(
        List.of(new TenantChange.Added(b), new TenantChange.Removed(A)),
        TenantChange.between(known(entry(A, "http://a/", true)), List.of(b)));
  }

  @Test
  void between_disabled_disabledEvenIfItsSettingsChangedToo() {
    TenantEntry now = entry(A, "http://elsewhere/", false);

    assertEquals(
        List.of(new TenantChange.Disabled(now)),
        TenantChange.between(known(entry(A, "http://a/", true)), List.of(now)));
  }

  @Test
  void between_enabledAgain_remade() {
    TenantEntry now = entry(A, "http://a/", true);

    assertEquals(
        List.of(new TenantChange.Remade(now, "enabled")),
        TenantChange.between(known(entry(A, "http://a/", false)), List.of(now)));
  }

  @Test
  void between_endpointChanged_remadeSayingWhat() {
    TenantEntry now = entry(A, "http://b/", true);

    assertEquals(
        List.of(new TenantChange.Remade(now, "endpoint http://a/ -> http://b/")),
        TenantChange.between(known(entry(A, "http://a/", true)), List.of(now)));
  }

  @Test
  void between_kindAndCredentialChanged_remadeNamingTheCredentialNotItsValue() {
    TenantEntry before = entry(A, "http://a/", true);
    TenantEntry now =
        new TenantEntry(
            new ClientSystemSettings(
                A, "sensorthings", "http://a/", Optional.of("env:SECRET_NAME"), Map.of()),
            true);

    assertEquals(
        List.of(
            new TenantChange.Remade(
                now, "kind reference-rest -> sensorthings, credential reference changed")),
        TenantChange.between(known(before), List.of(now)));
  }

  @Test
  void between_disabledTenantsSettingsChanged_updatedNotMade() {
    TenantEntry now = entry(A, "http://b/", false);

    assertEquals(
        List.of(new TenantChange.Updated(now)),
        TenantChange.between(known(entry(A, "http://a/", false)), List.of(now)));
  }

  private static TenantEntry entry(TenantId id, String endpoint, boolean enabled) {
    return new TenantEntry(
        new ClientSystemSettings(id, "reference-rest", endpoint, Optional.empty(), Map.of()),
        enabled);
  }

  private static Map<TenantId, TenantEntry> known(TenantEntry... entries) {
    Map<TenantId, TenantEntry> known = new LinkedHashMap<>();
    for (TenantEntry entry : entries) {
      known.put(entry.id(), entry);
    }
    return known;
  }
}
