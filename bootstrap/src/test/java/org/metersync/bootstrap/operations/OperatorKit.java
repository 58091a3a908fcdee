package org.metersync.bootstrap.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The operator kit under {@code docs/operations}: the Grafana dashboards ({@code grafana/*.json}),
 * the Prometheus rule files ({@code prometheus/*.rules.yml}) and their promtool tests ({@code
 * prometheus/*.rules.test.yml}), read as data.
 */
final class OperatorKit {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** A metric that {@code where} reads, with the label keys it needs on it. */
  record Use(String where, String metric, Set<String> labels) {}

  /** An alerting rule as written. */
  record Alert(
      String name,
      String expression,
      Map<String, String> labels,
      Map<String, String> annotations) {}

  private final Path root;

  private OperatorKit(Path root) {
    this.root = root;
  }

  /** The kit of the source tree the tests run in (Maven runs them in the module directory). */
  static OperatorKit ofSourceTree() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path kit = dir.resolve("docs/operations");
      if (Files.isDirectory(kit.resolve("prometheus"))) {
        return new OperatorKit(kit);
      }
    }
    throw new IllegalStateException(
        "no docs/operations/prometheus above " + Path.of("").toAbsolutePath());
  }

  List<Path> dashboardFiles() {
    return files("grafana", ".json");
  }

  List<Path> ruleFiles() {
    return files("prometheus", ".rules.yml");
  }

  List<Path> ruleTestFiles() {
    return files("prometheus", ".rules.test.yml");
  }

  JsonNode dashboard(Path file) {
    return read(JSON, file);
  }

  JsonNode yaml(Path file) {
    return read(YAML, file);
  }

  List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : yaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alerts.add(
                new Alert(
                    rule.path("alert").asText(),
                    rule.path("expr").asText(),
                    strings(rule.path("labels")),
                    strings(rule.path("annotations"))));
          }
        }
      }
    }
    return alerts;
  }

  /** Every metric the dashboards and rules read, where, and with which label keys. */
  List<Use> uses() {
    List<Use> uses = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : yaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          String name =
              rule.has("alert") ? rule.path("alert").asText() : rule.path("record").asText();
          add(uses, "rule " + name, PromQl.labelsByMetric(rule.path("expr").asText()));
        }
      }
    }
    for (Path file : dashboardFiles()) {
      JsonNode dashboard = dashboard(file);
      panels(dashboard.path("panels"))
          .forEach(
              panel -> {
                for (JsonNode target : panel.path("targets")) {
                  add(
                      uses,
                      "panel '" + panel.path("title").asText() + "'",
                      PromQl.labelsByMetric(target.path("expr").asText()));
                }
              });
      for (JsonNode variable : dashboard.path("templating").path("list")) {
        if (variable.path("type").asText().equals("query")) {
          add(
              uses,
              "variable " + variable.path("name").asText(),
              PromQl.labelValuesQuery(variableQuery(variable)));
        }
      }
    }
    return uses;
  }

  /** The panels of a dashboard, including those inside collapsed rows; rows themselves not. */
  static Stream<JsonNode> panels(JsonNode panels) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : panels) {
      if (panel.path("type").asText().equals("row")) {
        panels(panel.path("panels")).forEach(all::add);
      } else {
        all.add(panel);
      }
    }
    return all.stream();
  }

  /** A query variable's query: an object with {@code query} in current Grafana, else a string. */
  static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isObject() ? query.path("query").asText() : query.asText();
  }

  private static void add(List<Use> uses, String where, Map<String, Set<String>> found) {
    found.forEach((metric, labels) -> uses.add(new Use(where, metric, labels)));
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(field -> map.put(field.getKey(), field.getValue().asText()));
    return map;
  }

  private List<Path> files(String dir, String suffix) {
    try (Stream<Path> files = Files.list(root.resolve(dir))) {
      List<Path> found =
          files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
      if (found.isEmpty()) {
        throw new IllegalStateException("no *" + suffix + " in " + root.resolve(dir));
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file, e);
    }
  }
}
