package org.metersync.adapters.postgres.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a {@link TestDatabase} field or parameter a fresh database on the test server with every
 * migration applied, dropped again afterwards: a static field gets one for the whole class, an
 * instance field or a parameter one for each test.
 *
 * <pre>{@code
 * @MigratedDatabase static TestDatabase db;
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(MigratedDatabaseExtension.class)
public @interface MigratedDatabase {}
