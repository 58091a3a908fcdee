package org.metersync.adapters.http.sensorthings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.metersync.adapters.http.JsonMappers;

class SensorThingsCursorTest {

  private static final ObjectMapper MAPPER = JsonMappers.create();
  private static final Instant SEEN = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void encode_withNextLinkAfterIdAndGaps_decodesToTheSame() {
    SensorThingsCursor cursor =
        new SensorThingsCursor(
            "http://h/v1.1/Observations?$skip=2",
            LongNode.valueOf(12),
            new IdGaps(
                List.of(
                    new IdGaps.Range(4, 4, SEEN), new IdGaps.Range(9, 11, SEEN.plusSeconds(7)))));

    String text = cursor.encode(MAPPER);
    SensorThingsCursor decoded = SensorThingsCursor.decode(MAPPER, text);

    assertEquals(
        "{\"v\":2,\"next\":\"http://h/v1.1/Observations?$skip=2\",\"afterId\":12,"
            + "\"gaps\":[[4,4,1772366400],[9,11,1772366407]]}",
        text);
    assertEquals(cursor.gaps(), decoded.gaps());
    assertEquals(cursor.nextLink(), decoded.nextLink());
    assertEquals(12, decoded.afterId().asLong());
    assertEquals(text, decoded.encode(MAPPER));
  }

  @Test
  void encode_stringIdWithoutGaps_noGapsField() {
    String text = new SensorThingsCursor(null, TextNode.valueOf("a'b"), IdGaps.NONE).encode(MAPPER);

    assertEquals("{\"v\":2,\"afterId\":\"a'b\"}", text);
    assertEquals("a'b", SensorThingsCursor.decode(MAPPER, text).afterId().asText());
  }

  @Test
  void decode_versionOne_readWithoutGaps() {
    SensorThingsCursor cursor =
        SensorThingsCursor.decode(
            MAPPER, "{\"v\":1,\"next\":\"http://h/v1.1/Observations?$skip=2\",\"afterId\":5}");

    assertEquals("http://h/v1.1/Observations?$skip=2", cursor.nextLink());
    assertEquals(5, cursor.afterId().asLong());
    assertTrue(cursor.gaps().isEmpty());
    assertNull(SensorThingsCursor.decode(MAPPER, "{\"v\":1}").afterId());
  }

  @Test
  void encode_mostGapsWithLongestIds_staysUnderSixKilobytes() {
    List<IdGaps.Range> ranges = new ArrayList<>();
    long high = Long.MAX_VALUE - 1_000_000;
    for (int i = 0; i < ObservationDownload.MAX_GAPS; i++) {
      ranges.add(new IdGaps.Range(high + 10L * i, high + 10L * i + 5, SEEN));
    }

    String text =
        new SensorThingsCursor(null, LongNode.valueOf(Long.MAX_VALUE), new IdGaps(ranges))
            .encode(MAPPER);

    assertTrue(text.length() < 6_000, text.length() + " characters");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"v\":1,\"afterId\":5,\"gaps\":[[4,4,0]]}",
        "{\"v\":3,\"afterId\":5}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[5,4,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[1,2,0],[2,3,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[3,3,0],[1,1,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[1,2]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[\"1\",2,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[1.5,2,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[1,2,99999999999999999]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":[[1,99999999999999999999,0]]}",
        "{\"v\":2,\"afterId\":5,\"gaps\":{\"1\":2}}",
        "{\"v\":2,\"afterId\":5.5}",
        "{\"v\":2,\"more\":1}"
      })
  void decode_damaged_refusedNamingTheText(String text) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SensorThingsCursor.decode(MAPPER, text));

    assertTrue(e.getMessage().contains("not a sensorthings download cursor"), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
