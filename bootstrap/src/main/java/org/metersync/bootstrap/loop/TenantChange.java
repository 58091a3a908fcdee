package org.metersync.bootstrap.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.metersync.domain.TenantId;
import org.metersync.spi.ClientSystemSettings;

/** How a tenant changed between two refreshes of the sync loop's tenants. */
sealed interface TenantChange {

  TenantId id();

  /** A tenant the loop did not know. */
  record Added(TenantEntry entry) implements TenantChange {
    @Override
    public TenantId id() {
      return entry.id();
    }
  }

  /** A tenant no longer there (deleted from the tenant table). */
  record Removed(TenantId id) implements TenantChange {}

  /** An enabled tenant now disabled; its settings may have changed too. */
  record Disabled(TenantEntry entry) implements TenantChange {
    @Override
    public TenantId id() {
      return entry.id();
    }
  }

  /**
   * A tenant whose client system must be made anew: enabled again, or its settings changed.
   *
   * @param what what changed, for the log: never a credential's value
   */
  record Remade(TenantEntry entry, String what) implements TenantChange {
    @Override
    public TenantId id() {
      return entry.id();
    }
  }

  /** A disabled tenant whose settings changed: remembered, nothing made. */
  record Updated(TenantEntry entry) implements TenantChange {
    @Override
    public TenantId id() {
      return entry.id();
    }
  }

  /** The changes from {@code known} to {@code now}, in the order of {@code now}, then removals. */
  static List<TenantChange> between(Map<TenantId, TenantEntry> known, List<TenantEntry> now) {
    List<TenantChange> changes = new ArrayList<>();
    for (TenantEntry entry : now) {
      TenantEntry before = known.get(entry.id());
      if (before == null) {
        changes.add(new Added(entry));
      } else if (before.enabled() && !entry.enabled()) {
        changes.add(new Disabled(entry));
      } else if (!before.enabled() && entry.enabled()) {
        String settings = difference(before.settings(), entry.settings());
        changes.add(new Remade(entry, settings.isEmpty() ? "enabled" : "enabled; " + settings));
      } else if (!before.settings().equals(entry.settings())) {
        changes.add(
            entry.enabled()
                ? new Remade(entry, difference(before.settings(), entry.settings()))
                : new Updated(entry));
      }
    }
    Set<TenantId> present = now.stream().map(TenantEntry::id).collect(Collectors.toSet());
    known.keySet().stream()
        .filter(id -> !present.contains(id))
        .sorted((a, b) -> a.value().compareTo(b.value()))
        .forEach(id -> changes.add(new Removed(id)));
    return changes;
  }

  /** What differs, as a log line shows it; a credential reference is named, not shown. */
  static String difference(ClientSystemSettings before, ClientSystemSettings after) {
    List<String> parts = new ArrayList<>();
    if (!before.kind().equals(after.kind())) {
      parts.add("kind " + before.kind() + " -> " + after.kind());
    }
    if (!before.endpoint().equals(after.endpoint())) {
      parts.add("endpoint " + before.endpoint() + " -> " + after.endpoint());
    }
    if (!before.credential().equals(after.credential())) {
      parts.add("credential reference changed");
    }
    if (!Objects.equals(before.options(), after.options())) {
      parts.add("options changed");
    }
    return String.join(", ", parts);
  }
}
