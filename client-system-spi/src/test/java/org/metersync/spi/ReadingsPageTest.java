package org.metersync.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.metersync.domain.TenantId;

class ReadingsPageTest {

  private static final TenantId TENANT = TenantId.of("acme");

  private static ReadingsPage pageOf(int malformed) {
    List<MalformedReading> bad =
        java.util.stream.IntStream.range(0, malformed)
            .mapToObj(i -> new MalformedReading("r-" + i, "{}", "no value"))
            .toList();
    return new ReadingsPage(List.of(), bad, "c", false);
  }

  @Test
  void requireAtMost_withinLimit_returnsThePage() {
    ReadingsPage page = pageOf(3);

    assertSame(page, page.requireAtMost(TENANT, 3));
  }

  @Test
  void requireAtMost_moreThanAskedFor_malformedAnswerNamingTenantAndCounts() {
    ClientSystemMalformedAnswerException e =
        assertThrows(
            ClientSystemMalformedAnswerException.class, () -> pageOf(4).requireAtMost(TENANT, 3));

    assertEquals(
        "tenant acme: asked for at most 3 readings, the client system sent 4", e.getMessage());
  }
}
