package org.metersync.bootstrap.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

  @Test
  void labelsByMetric_selector_matcherKeys() {
    assertEquals(
        Map.of("metersync_backlog_readings", Set.of("tenant", "status")),
        PromQl.labelsByMetric(
            "metersync_backlog_readings{tenant=~\"$tenant\", status!=\"failed\",}"));
  }

  @Test
  void labelsByMetric_nameMatcher_isTheMetricNotALabel() {
    assertEquals(
        Map.of("metersync_batches_total", Set.of("operation")),
        PromQl.labelsByMetric("{__name__=\"metersync_batches_total\", operation=\"upload\"}"));
  }

  @Test
  void labelsByMetric_aggregationBy_beforeOrAfter_needsTheLabelsOnEveryMetricInside() {
    assertEquals(
        Map.of("a", Set.of("tenant", "outcome"), "b", Set.of("tenant", "outcome")),
        PromQl.labelsByMetric(
            "sum by (tenant, outcome) (rate(a[5m]) / rate(b[$__rate_interval]))"));
    assertEquals(
        Map.of("a", Set.of("class")), PromQl.labelsByMetric("sum(increase(a[1h])) by (class)"));
  }

  @Test
  void labelsByMetric_without_needsNothing() {
    assertEquals(Map.of("a", Set.of()), PromQl.labelsByMetric("max without (instance) (a)"));
  }

  @Test
  void labelsByMetric_onAndGroupLeft_needTheirLabelsOnTheRightSides() {
    assertEquals(
        Map.of("a", Set.of("tenant"), "b", Set.of("tenant", "name")),
        PromQl.labelsByMetric("a * on (tenant) group_left (name) b"));
    assertEquals(
        Map.of("a", Set.of("tenant", "name"), "b", Set.of("tenant")),
        PromQl.labelsByMetric("a + on (tenant) group_right (name) b"));
    assertEquals(
        Map.of("a", Set.of(), "b", Set.of()), PromQl.labelsByMetric("a / ignoring (status) b"));
  }

  @Test
  void labelsByMetric_onBindsToItsOwnOperator_notTheWholeExpression() {
    assertEquals(
        Map.of("a", Set.of("tenant"), "b", Set.of("tenant"), "c", Set.of()),
        PromQl.labelsByMetric("a and on (tenant) b or c"));
    assertEquals(
        Map.of("a", Set.of(), "b", Set.of("x"), "c", Set.of("x")),
        PromQl.labelsByMetric("a or b * on (x) c"));
  }

  @Test
  void labelsByMetric_functionsNumbersAndModifiers_readThrough() {
    assertEquals(
        Map.of("a", Set.of("tenant"), "b", Set.of()),
        PromQl.labelsByMetric(
            "time() - max by (tenant) (a offset 1h) > -1e3 or vector(0) == bool Inf"
                + " unless absent(b @ start()) or max_over_time(b[1h:5m]) # a comment"));
  }

  @Test
  void labelsByMetric_labelReplace_needsItsSourceLabel() {
    assertEquals(
        Map.of("a", Set.of("tenant")),
        PromQl.labelsByMetric("label_replace(a, \"t\", \"$1\", \"tenant\", \"(.*)\")"));
  }

  @Test
  void labelsByMetric_unknownSyntax_failsNamingThePosition() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PromQl.labelsByMetric("sum(a{x=\"1\"}"));
    assertTrue(e.getMessage().contains("expected ')' at position 12"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PromQl.labelsByMetric("a b"));
    assertThrows(IllegalArgumentException.class, () -> PromQl.labelsByMetric("a{x~\"1\"}"));
  }

  @Test
  void labelValuesQuery_needsTheLabelOnTheMetric() {
    assertEquals(
        Map.of("metersync_backlog_readings", Set.of("job", "tenant")),
        PromQl.labelValuesQuery("label_values(metersync_backlog_readings{job=~\"$job\"}, tenant)"));
    assertThrows(IllegalArgumentException.class, () -> PromQl.labelValuesQuery("label_names()"));
  }
}
