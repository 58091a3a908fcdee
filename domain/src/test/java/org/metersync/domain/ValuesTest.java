package org.metersync.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value records' validation: what they accept and the message they give for what not. */
class ValuesTest {

  private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");

  @ParameterizedTest
  @ValueSource(strings = {"a", "Tenant_1", "acme.utility-2", "0"})
  void tenantId_validFormat_isKept(String value) {
    assertEquals(value, TenantId.of(value).value());
    assertEquals(value, TenantId.of(value).toString());
  }

  @Test
  void tenantId_sixtyFourCharacters_isAccepted() {
    assertEquals(64, TenantId.of("t".repeat(64)).value().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-lead", "_lead", ".lead", "has space", "semi;colon", "ü"})
  void tenantId_invalidFormat_throwsQuotingTheValue(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TenantId.of(value));

    assertEquals(
        "tenant id must be 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit:"
            + " '"
            + value
            + "'",
        e.getMessage());
  }

  @Test
  void tenantId_sixtyFiveCharacters_throws() {
    assertThrows(IllegalArgumentException.class, () -> TenantId.of("t".repeat(65)));
  }

  @Test
  void tenantId_null_throwsNamingIt() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> TenantId.of(null));

    assertEquals("tenant id", e.getMessage());
  }

  @Test
  void readingId_oneHundredTwentyEightCharacters_isAccepted() {
    assertEquals(128, ReadingId.of("r".repeat(128)).value().length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t"})
  void readingId_blank_throwsQuotingTheValue(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ReadingId.of(value));

    assertEquals(
        "reading id must be 1-128 characters and not blank: '" + value + "'", e.getMessage());
  }

  @Test
  void readingId_tooLong_throws() {
    assertThrows(IllegalArgumentException.class, () -> ReadingId.of("r".repeat(129)));
  }

  @Test
  void readingId_null_throwsNamingIt() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> ReadingId.of(null));

    assertEquals("reading id", e.getMessage());
  }

  @Test
  void meterReading_valid_keepsItsFields() {
    MeterReading reading = reading("m-1", "kWh");

    assertEquals(ReadingId.of("r-1"), reading.id());
    assertEquals("m-1", reading.meterId());
    assertEquals(AT, reading.takenAt());
    assertEquals(new BigDecimal("12.5"), reading.value());
    assertEquals("kWh", reading.unit());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void meterReading_blankMeterId_throwsNamingTheReading(String meterId) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> reading(meterId, "kWh"));

    assertEquals("meter id must be 1-128 characters, reading r-1", e.getMessage());
  }

  @Test
  void meterReading_meterIdTooLong_throws() {
    assertThrows(IllegalArgumentException.class, () -> reading("m".repeat(129), "kWh"));
  }

  @Test
  void meterReading_unitTooLong_throwsNamingTheReading() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> reading("m-1", "u".repeat(33)));

    assertEquals("unit must be at most 32 characters, reading r-1", e.getMessage());
  }

  @Test
  void meterReading_unitAtLimit_isAccepted() {
    assertEquals(32, reading("m-1", "u".repeat(32)).unit().length());
  }

  @Test
  void meterReading_nullValue_throwsNamingTheField() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> new MeterReading(ReadingId.of("r-1"), "m-1", AT, null, "kWh"));

    assertEquals("value", e.getMessage());
  }

  @Test
  void meterReading_nullTakenAt_throwsNamingTheField() {
    NullPointerException e =
        assertThrows(
            NullPointerException.class,
            () -> new MeterReading(ReadingId.of("r-1"), "m-1", null, BigDecimal.ONE, "kWh"));

    assertEquals("taken at", e.getMessage());
  }

  @Test
  void pendingReading_negativeAttempts_throws() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new PendingReading(reading("m-1", "kWh"), 1, 1, -1));

    assertEquals("attempts must not be negative: -1", e.getMessage());
  }

  @Test
  void pendingReading_id_isTheReadingsId() {
    assertEquals(ReadingId.of("r-1"), new PendingReading(reading("m-1", "kWh"), 1, 1, 0).id());
  }

  @ParameterizedTest
  @EnumSource(SyncStatus.class)
  void syncStatus_code_roundTrips(SyncStatus status) {
    assertEquals(status, SyncStatus.fromCode(status.code()));
  }

  @Test
  void syncStatus_code_isTheColumnValue() {
    assertEquals("synchronized", SyncStatus.SYNCHRONIZED.code());
  }

  @Test
  void syncStatus_unknownCode_throwsQuotingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SyncStatus.fromCode("PENDING"));

    assertEquals("unknown sync status: 'PENDING'", e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(CycleOutcome.class)
  void cycleOutcome_code_roundTrips(CycleOutcome outcome) {
    assertEquals(outcome, CycleOutcome.fromCode(outcome.code()));
  }

  @Test
  void cycleOutcome_code_isTheWordOnHealthMetricsAndInTheColumn() {
    assertEquals(
        List.of("none", "ok", "failed", "skipped"),
        Arrays.stream(CycleOutcome.values()).map(CycleOutcome::code).toList());
  }

  @Test
  void cycleOutcome_unknownCode_throwsQuotingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CycleOutcome.fromCode("OK"));

    assertEquals("unknown cycle outcome: 'OK'", e.getMessage());
  }

  @Test
  void readingOrigin_code_isLowerCase() {
    assertEquals("downloaded", ReadingOrigin.DOWNLOADED.code());
  }

  private static MeterReading reading(String meterId, String unit) {
    return new MeterReading(ReadingId.of("r-1"), meterId, AT, new BigDecimal("12.5"), unit);
  }
}
