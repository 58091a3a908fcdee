package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.List;
import mockwebserver3.MockResponse;
import org.metersync.domain.MeterReading;
import org.metersync.domain.UploadVerdict;

/** Builds answers shaped like FROST-Server's (see the recorded fixtures), for tests. */
final class FrostJson {

  static final String FIXTURE_HOST = "http://127.0.0.1:8089/FROST-Server/v1.1/";
  // Fixtures 14 and later were recorded from a server on another port.
  static final String LATER_FIXTURE_HOST = "http://127.0.0.1:8080/FROST-Server/v1.1/";

  private final ObjectMapper mapper;
  private long nextId = 1;

  FrostJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json;charset=UTF-8")
        .body(body)
        .build();
  }

  static MockResponse json(String body) {
    return json(200, body);
  }

  /** The response body of a fixture, the recorded host replaced by {@code base}. */
  static String fixtureBody(String file, String base) {
    try {
      String text;
      try (java.io.InputStream in =
          FrostJson.class.getResourceAsStream("/sensorthings-frost/" + file)) {
        text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      }
      String response = text.substring(text.indexOf("### response"));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      int nextExchange = body.indexOf("\n###");
      body = (nextExchange < 0 ? body : body.substring(0, nextExchange)).strip();
      return body.replace(FIXTURE_HOST, base).replace(LATER_FIXTURE_HOST, base);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A page of Observations with their Datastream expanded, and a next link if given. */
  String observations(List<MeterReading> readings, String nextLink) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    for (MeterReading reading : readings) {
      ObjectNode observation = value.addObject();
      observation.put("@iot.id", nextId++);
      observation.put("phenomenonTime", reading.takenAt().toString());
      observation.put("result", reading.value());
      observation.putObject("parameters").put("readingId", reading.id().value());
      observation.set("Datastream", datastream(1, reading.meterId(), reading.unit()));
    }
    if (nextLink != null) {
      page.put("@iot.nextLink", nextLink);
    }
    return page.toString();
  }

  ObjectNode datastream(long id, String meterId, String unit) {
    ObjectNode datastream = mapper.createObjectNode();
    datastream.put("@iot.id", id);
    datastream.put("name", meterId + " energy");
    datastream.putObject("properties").put("meterId", meterId);
    datastream.putObject("unitOfMeasurement").put("name", unit).put("symbol", unit);
    return datastream;
  }

  /** The answer to a Datastream lookup that finds one. */
  String datastreamFound(long id, String meterId, String unit) {
    ObjectNode page = mapper.createObjectNode();
    page.putArray("value").add(datastream(id, meterId, unit));
    return page.toString();
  }

  /** The answer to the already-present check: these reading ids exist. */
  String present(Collection<String> readingIds) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    for (String id : readingIds) {
      ObjectNode observation = value.addObject();
      observation.put("@iot.id", nextId++);
      observation.putObject("parameters").put("readingId", id);
    }
    return page.toString();
  }

  /**
   * The answer to the already-present check when the server holds these readings, as FROST writes
   * them (numbers without trailing zeros, times with milliseconds), each in Datastream 1.
   */
  String holding(List<MeterReading> readings) {
    ObjectNode page = mapper.createObjectNode();
    ArrayNode value = page.putArray("value");
    for (MeterReading reading : readings) {
      ObjectNode observation = value.addObject();
      observation.put("@iot.id", nextId++);
      observation.put("phenomenonTime", reading.takenAt().toString().replace("Z", ".000Z"));
      observation.put("result", reading.value().stripTrailingZeros());
      observation.putObject("parameters").put("readingId", reading.id().value());
      observation.putObject("Datastream").put("@iot.id", 1);
    }
    return page.toString();
  }

  /** The answer to CreateObservations: a self link per accepted row, an error per rejected. */
  String created(String base, List<UploadVerdict> verdicts) {
    ArrayNode entries = mapper.createArrayNode();
    for (UploadVerdict verdict : verdicts) {
      if (verdict instanceof UploadVerdict.Rejected rejected) {
        entries.add("error " + rejected.reason());
      } else {
        entries.add(base + "Observations(" + nextId++ + ")");
      }
    }
    return entries.toString();
  }
}
