package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;
import static org.metersync.adapters.postgres.jooq.Tables.METER_READING;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.metersync.application.port.LocalReadings;
import org.metersync.application.port.SyncDatabaseException;
import org.metersync.domain.MeterReading;
import org.metersync.domain.TenantId;

/**
 * Local readings written as the field application writes them: the columns' defaults make them
 * pending and of origin "local". One statement per call, rows as array bind values.
 */
public final class JooqLocalReadings implements LocalReadings {

  private final DSLContext dsl;
  private final StatementCounter counter;

  JooqLocalReadings(DSLContext dsl, StatementCounter counter) {
    this.dsl = requireNonNull(dsl, "dsl");
    this.counter = requireNonNull(counter, "counter");
  }

  public static JooqLocalReadings create(DataSource dataSource, StatementCounter counter) {
    return new JooqLocalReadings(
        DSL.using(JooqSyncDatabase.configuration(dataSource, counter)), counter);
  }

  @Override
  public int insertLocalReadings(TenantId tenantId, List<MeterReading> readings) {
    if (readings.isEmpty()) {
      return 0;
    }
    Table<?> rows =
        DSL.table(
                "unnest({0}, {1}, cast({2} as timestamptz[]), cast({3} as numeric[]), {4})"
                    + " with ordinality",
                DSL.val(readings.stream().map(r -> r.id().value()).toArray(String[]::new)),
                DSL.val(readings.stream().map(MeterReading::meterId).toArray(String[]::new)),
                DSL.val(readings.stream().map(r -> r.takenAt().toString()).toArray(String[]::new)),
                DSL.val(
                    readings.stream().map(r -> r.value().toPlainString()).toArray(String[]::new)),
                DSL.val(readings.stream().map(MeterReading::unit).toArray(String[]::new)))
            .as("r", "id", "meter_id", "taken_at", "value", "unit", "n");
    try {
      return counter.scoped(
          tenantId,
          "local.insert",
          () ->
              dsl.insertInto(
                      METER_READING,
                      METER_READING.TENANT_ID,
                      METER_READING.METER_READING_ID,
                      METER_READING.METER_ID,
                      METER_READING.TAKEN_AT,
                      METER_READING.VALUE,
                      METER_READING.UNIT)
                  .select(
                      DSL.select(
                              DSL.val(tenantId.value()),
                              field(rows, "id", String.class),
                              field(rows, "meter_id", String.class),
                              field(rows, "taken_at", OffsetDateTime.class),
                              field(rows, "value", BigDecimal.class),
                              field(rows, "unit", String.class))
                          .from(rows)
                          // In the given order, so the backlog keeps them oldest first.
                          .orderBy(field(rows, "n", Long.class)))
                  .onConflictDoNothing()
                  .execute());
    } catch (DataAccessException e) {
      throw new SyncDatabaseException(
          "storing local readings failed for tenant " + tenantId + ": " + e.getMessage(), e);
    }
  }

  private static <T> Field<T> field(Table<?> table, String name, Class<T> type) {
    return DSL.field(DSL.name(table.getName(), name), type);
  }
}
