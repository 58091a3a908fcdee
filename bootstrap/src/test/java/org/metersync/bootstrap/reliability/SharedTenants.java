package org.metersync.bootstrap.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How scenarios with several instances see who syncs which tenant: /health and the logs. */
final class SharedTenants {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Pattern MARKED =
      Pattern.compile(
          " tenant=(\\S+) upload batch \\d+: \\d+ readings: .*, (\\d+) marked synchronized");
  private static final Pattern INSTANCE = Pattern.compile("this instance is (\\S+)");

  private SharedTenants() {}

  /**
   * Whether the share has settled: every instance sees all {@code ports.size()} instances, each
   * tenant is in exactly one's share, and no other runs a cycle of it. An instance's loop then runs
   * no cycle outside its share (the two are read under the tenant's lock), and while no instance
   * comes or goes that stays so.
   */
  static boolean settled(List<Integer> ports, List<String> tenants) {
    List<JsonNode> healths = ports.stream().map(SharedTenants::health).toList();
    for (JsonNode health : healths) {
      if (health.path("loop").path("instances").asInt() != ports.size()) {
        return false;
      }
    }
    for (String tenant : tenants) {
      int syncedBy = 0;
      for (JsonNode health : healths) {
        JsonNode status = health.path("tenants").path(tenant);
        if (status.path("syncedHere").asBoolean()) {
          syncedBy++;
        } else if (status.path("running").asBoolean(true)) {
          return false;
        }
      }
      if (syncedBy != 1) {
        return false;
      }
    }
    return true;
  }

  /** Readings the instance's log says it marked synchronized, by tenant. */
  static Map<String, Long> markedByTenant(String log) {
    Map<String, Long> marked = new TreeMap<>();
    Matcher m = MARKED.matcher(log);
    while (m.find()) {
      long count = Long.parseLong(m.group(2));
      if (count > 0) {
        marked.merge(m.group(1), count, Long::sum);
      }
    }
    return marked;
  }

  /** The instance id its log names. */
  static String instanceId(String log) {
    Matcher m = INSTANCE.matcher(log);
    if (!m.find()) {
      throw new AssertionError("no instance id in the log");
    }
    return m.group(1);
  }

  private static JsonNode health(int port) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET /health on port " + port + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
