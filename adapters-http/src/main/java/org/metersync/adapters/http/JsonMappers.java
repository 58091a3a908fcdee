package org.metersync.adapters.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.metersync.spi.ClientSystemContext;

/** The one {@link ObjectMapper} configuration for all client systems. */
public final class JsonMappers {

  /** The longest string value read from an answer, in characters: a reading's are tiny. */
  public static final int MAX_STRING_LENGTH = 1_000_000;

  /** The deepest nesting of arrays and objects read from an answer. */
  public static final int MAX_NESTING_DEPTH = 100;

  private JsonMappers() {}

  /**
   * A mapper that keeps decimals exact: floats are read as {@code BigDecimal}, and {@code
   * BigDecimal} is written as a plain JSON number ({@code 0.00001}, never {@code 1E-5}). It reads
   * documents of at most the default largest answer, strings of at most {@value #MAX_STRING_LENGTH}
   * characters and nesting at most {@value #MAX_NESTING_DEPTH} deep.
   */
  public static ObjectMapper create() {
    return create(ClientSystemContext.DEFAULT_MAX_RESPONSE_BYTES);
  }

  /** As {@link #create()}, reading documents of at most {@code maxDocumentLength}. */
  public static ObjectMapper create(long maxDocumentLength) {
    JsonFactory factory =
        new JsonFactoryBuilder().streamReadConstraints(constraints(maxDocumentLength)).build();
    return JsonMapper.builder(factory)
        .addModule(new JavaTimeModule())
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        // Keep 100.250 as sent: trees strip trailing zeros by default.
        .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }

  private static StreamReadConstraints constraints(long maxDocumentLength) {
    return StreamReadConstraints.builder()
        .maxStringLength(MAX_STRING_LENGTH)
        .maxNestingDepth(MAX_NESTING_DEPTH)
        .maxDocumentLength(maxDocumentLength)
        .build();
  }
}
