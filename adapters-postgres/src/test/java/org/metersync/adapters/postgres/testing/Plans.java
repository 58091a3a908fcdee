package org.metersync.adapters.postgres.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** Query plans as the server makes them, for tests of what a statement costs. */
public final class Plans {

  private static final Pattern PARAMETER = Pattern.compile("\\?");

  private Plans() {}

  /** The plan of {@code explain} (an {@code EXPLAIN …} statement), one line per node detail. */
  public static String plan(TestDatabase db, String explain) {
    try (Connection connection = db.dataSource().getConnection()) {
      return String.join(
          "\n",
          DSL.using(connection, SQLDialect.POSTGRES).fetch(explain).getValues(0, String.class));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The plan PostgreSQL makes for {@code sql} (with JDBC {@code ?} parameters) without knowing its
   * parameters' values: the generic plan a server-side prepared statement gets after a few runs.
   */
  public static String genericPlan(TestDatabase db, String sql) {
    Matcher parameters = PARAMETER.matcher(sql);
    StringBuilder numbered = new StringBuilder();
    List<String> nulls = new ArrayList<>();
    while (parameters.find()) {
      nulls.add("NULL");
      parameters.appendReplacement(numbered, "\\$" + nulls.size());
    }
    parameters.appendTail(numbered);
    try (Connection connection = db.dataSource().getConnection()) {
      DSLContext session = DSL.using(connection, SQLDialect.POSTGRES);
      session.execute("PREPARE planned_statement AS " + numbered);
      session.execute("SET plan_cache_mode = force_generic_plan");
      try {
        return String.join(
            "\n",
            session
                .fetch("EXPLAIN EXECUTE planned_statement(" + String.join(", ", nulls) + ")")
                .getValues(0, String.class));
      } finally {
        session.execute("RESET plan_cache_mode");
        session.execute("DEALLOCATE planned_statement");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
