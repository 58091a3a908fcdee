package org.metersync.adapters.postgres.testing;

import static org.junit.platform.commons.support.AnnotationSupport.findAnnotatedFields;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Fills {@link MigratedDatabase} fields and parameters. Each database is kept in the store of the
 * context it was made for (the class's or the test's), which closes it, and so drops it, when that
 * context ends: after the class's {@code @AfterAll} or the test's {@code @AfterEach} methods.
 */
final class MigratedDatabaseExtension
    implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MigratedDatabaseExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    inject(context, null, context.getRequiredTestClass(), MigratedDatabaseExtension::isStatic);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      inject(context, instance, instance.getClass(), field -> !isStatic(field));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.isAnnotated(MigratedDatabase.class)
        && parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return create(context);
  }

  private static void inject(
      ExtensionContext context, Object instance, Class<?> type, Predicate<Field> which) {
    for (Field field :
        findAnnotatedFields(type, MigratedDatabase.class, which, HierarchyTraversalMode.TOP_DOWN)) {
      if (field.getType() != TestDatabase.class) {
        throw new ExtensionConfigurationException(
            "@MigratedDatabase needs a field of type TestDatabase, but "
                + field.getDeclaringClass().getSimpleName()
                + "."
                + field.getName()
                + " is a "
                + field.getType().getSimpleName());
      }
      TestDatabase db = create(context);
      ReflectionSupport.makeAccessible(field);
      try {
        field.set(instance, db);
      } catch (IllegalAccessException e) {
        throw new ExtensionConfigurationException("could not set " + field, e);
      }
    }
  }

  /**
   * A new migrated database; the store closes it, as an {@link AutoCloseable}, with its context.
   */
  private static TestDatabase create(ExtensionContext context) {
    TestDatabase db = TestDatabase.migrated();
    context.getStore(NAMESPACE).put(db.name(), db);
    return db;
  }

  private static boolean isStatic(Field field) {
    return Modifier.isStatic(field.getModifiers());
  }
}
