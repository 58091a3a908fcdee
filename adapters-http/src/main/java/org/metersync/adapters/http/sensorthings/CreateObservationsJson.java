package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** One Datastream's rows of a {@code CreateObservations} request (dataArray extension). */
record CreateObservationsJson(
    @JsonProperty("Datastream") DatastreamRefJson datastream,
    @JsonProperty("components") List<String> components,
    @JsonProperty("dataArray@iot.count") int count,
    @JsonProperty("dataArray") List<List<Object>> dataArray) {

  static final List<String> COMPONENTS = List.of("phenomenonTime", "result", "parameters");

  /** A reference to an existing Datastream by id; the id is a number or a string. */
  record DatastreamRefJson(@JsonProperty("@iot.id") JsonNode id) {}
}
