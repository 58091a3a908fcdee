package org.metersync.bootstrap.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operator kit is well-formed: dashboards import into a current Grafana on any Prometheus data
 * source, every alert tells whom it is about and what to do, and the promtool tests cover every
 * alert both firing and not firing. That the kit matches the service's metrics is {@code
 * OperatorKitIT}'s part.
 */
class OperatorKitTest {

  private static final String DATASOURCE_VARIABLE = "${datasource}";
  private static final Set<String> SERVICE_METRICS =
      Set.of(
          "metersync_backlog_readings",
          "metersync_oldest_pending_reading_age_seconds",
          "metersync_readings_uploaded_total",
          "metersync_readings_downloaded_total",
          "metersync_readings_rejected_total",
          "metersync_upload_rejected_batches_total",
          "metersync_batches_total",
          "metersync_sql_statements_total",
          "metersync_http_requests_seconds_count",
          "metersync_client_errors_total",
          "metersync_cycle_duration_seconds_count",
          "metersync_last_successful_upload_timestamp_seconds",
          "metersync_last_successful_download_timestamp_seconds",
          "metersync_last_cycle_timestamp_seconds",
          "metersync_consecutive_failed_cycles",
          "metersync_client_system_reachable",
          "metersync_tenant_enabled",
          "jvm_memory_used_bytes");

  private final OperatorKit kit = OperatorKit.ofSourceTree();

  @Test
  void dashboards_currentSchemaAndVariablesForDatasourceAndTenant() {
    for (Path file : kit.dashboardFiles()) {
      JsonNode dashboard = kit.dashboard(file);
      assertTrue(dashboard.path("schemaVersion").asInt() >= 39, file + ": schemaVersion");
      assertTrue(dashboard.path("id").isNull(), file + ": id must be null to import anywhere");
      assertFalse(dashboard.path("uid").asText().isBlank(), file + ": uid");
      Map<String, JsonNode> variables = new TreeMap<>();
      dashboard
          .path("templating")
          .path("list")
          .forEach(v -> variables.put(v.path("name").asText(), v));
      JsonNode datasource = variables.get("datasource");
      assertNotNull(datasource, file + ": no datasource variable");
      assertEquals(
          "datasource", datasource.path("type").asText(), file + ": datasource variable type");
      assertEquals(
          "prometheus", datasource.path("query").asText(), file + ": datasource variable plug-in");
      JsonNode tenant = variables.get("tenant");
      assertNotNull(tenant, file + ": no tenant variable");
      assertEquals("query", tenant.path("type").asText(), file + ": tenant variable type");
      assertTrue(
          tenant.path("multi").asBoolean() && tenant.path("includeAll").asBoolean(),
          file + ": tenant variable multi and all");
      assertTrue(
          OperatorKit.variableQuery(tenant).matches("label_values\\(.*, *tenant\\)"),
          file + ": tenant variable query");
    }
  }

  @Test
  void dashboards_everyDatasourceIsTheVariable_noHardCodedUid() {
    for (Path file : kit.dashboardFiles()) {
      List<String> found = new ArrayList<>();
      datasources(kit.dashboard(file), "$", found);
      assertFalse(found.isEmpty(), file + ": no panel names its data source");
      List<String> others =
          found.stream().filter(ds -> !ds.endsWith("= " + DATASOURCE_VARIABLE)).toList();
      assertEquals(List.of(), others, file + ": data sources other than " + DATASOURCE_VARIABLE);
    }
  }

  @Test
  void dashboards_panelsHaveUniqueIdsPlacesAndQueries() {
    for (Path file : kit.dashboardFiles()) {
      JsonNode dashboard = kit.dashboard(file);
      Set<Integer> ids = new HashSet<>();
      List<JsonNode> panels = new ArrayList<>();
      withNested(dashboard.path("panels"), panels);
      for (JsonNode panel : panels) {
        String title = file.getFileName() + " panel '" + panel.path("title").asText() + "'";
        assertTrue(ids.add(panel.path("id").asInt()), title + ": its id is taken");
        assertTrue(panel.path("gridPos").has("w") && panel.path("gridPos").has("y"), title);
        if (!panel.path("type").asText().equals("row")) {
          assertFalse(panel.path("targets").isEmpty(), title + ": no query");
          panel
              .path("targets")
              .forEach(t -> assertFalse(t.path("expr").asText().isBlank(), title + ": empty"));
        }
      }
      assertTrue(ids.size() > 10, file + ": " + ids.size() + " panels");
    }
  }

  @Test
  void uses_everyQueryParses_andTheKitCoversTheServiceMetrics() {
    Set<String> read =
        kit.uses().stream()
            .map(OperatorKit.Use::metric)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> unread = new TreeSet<>(SERVICE_METRICS);
    unread.removeAll(read);
    assertEquals(Set.of(), unread, "service metrics no panel or rule reads");
  }

  @Test
  void alerts_severityAndAnnotationsNamingTheTenant() {
    List<OperatorKit.Alert> alerts = kit.alerts();
    assertFalse(alerts.isEmpty());
    for (OperatorKit.Alert alert : alerts) {
      String name = alert.name();
      assertTrue(
          Set.of("warning", "critical").contains(alert.labels().get("severity")),
          name + ": severity warning or critical, not " + alert.labels().get("severity"));
      String summary = alert.annotations().getOrDefault("summary", "");
      String description = alert.annotations().getOrDefault("description", "");
      assertFalse(summary.isBlank(), name + ": summary");
      assertTrue(description.length() > summary.length(), name + ": a description that says more");
      if (alert.expression().contains("tenant")) {
        assertTrue(summary.contains("{{ $labels.tenant }}"), name + ": summary names the tenant");
        assertTrue(description.contains("{{ $labels.tenant }}"), name + ": description too");
      }
    }
  }

  @Test
  void ruleTests_everyAlertFiringAndNotFiring_everyRuleFileLoaded() {
    Set<String> loaded = new TreeSet<>();
    Set<String> firing = new TreeSet<>();
    Set<String> quiet = new TreeSet<>();
    for (Path file : kit.ruleTestFiles()) {
      JsonNode tests = kit.yaml(file);
      tests.path("rule_files").forEach(f -> loaded.add(f.asText()));
      for (JsonNode test : tests.path("tests")) {
        for (JsonNode check : test.path("alert_rule_test")) {
          String alert = check.path("alertname").asText();
          (check.path("exp_alerts").isEmpty() ? quiet : firing).add(alert);
        }
      }
    }
    Set<String> alerts =
        kit.alerts().stream()
            .map(OperatorKit.Alert::name)
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(alerts, firing, "alerts with a promtool test where they fire");
    assertEquals(alerts, quiet, "alerts with a promtool test where they do not fire");
    Set<String> ruleFiles =
        kit.ruleFiles().stream()
            .map(f -> f.getFileName().toString())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(ruleFiles, loaded, "rule files the promtool tests load");
  }

  private static void withNested(JsonNode panels, List<JsonNode> into) {
    for (JsonNode panel : panels) {
      into.add(panel);
      withNested(panel.path("panels"), into);
    }
  }

  /** Every {@code datasource} in the tree, as "path = uid" (or the string it is). */
  private static void datasources(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      node.properties()
          .forEach(
              field -> {
                String at = path + "." + field.getKey();
                JsonNode value = field.getValue();
                if (field.getKey().equals("datasource") && value.isObject()) {
                  found.add(at + " = " + value.path("uid").asText());
                } else if (field.getKey().equals("datasource") && value.isTextual()) {
                  found.add(at + " = " + value.asText());
                } else {
                  datasources(value, at, found);
                }
              });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        datasources(node.get(i), path + "[" + i + "]", found);
      }
    }
  }
}
