package org.metersync.bootstrap.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.metersync.domain.MeterReading;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSpi;

/**
 * Builds plug-in jars while a test runs: a factory class is compiled against the SPI and the domain
 * alone into a directory off the classpath (the loader takes only classes a plug-in's own class
 * loader defines), then jarred with its service file, as a plug-in author's build would.
 */
public final class PluginJars {

  private static final String SERVICE_FILE =
      "META-INF/services/" + ClientSystemFactory.class.getName();

  private PluginJars() {}

  /**
   * What a test plug-in's factory does.
   *
   * @param kind the kind it claims
   * @param spiVersion what its {@code spiVersion()} returns
   * @param startFailure if not null, {@code start} throws an {@link IllegalStateException} with
   *     this message
   */
  public record Plugin(String kind, int spiVersion, String startFailure) {

    /** A well-behaved plug-in of {@code kind}. */
    public static Plugin of(String kind) {
      return new Plugin(kind, ClientSystemSpi.VERSION, null);
    }

    public Plugin builtFor(int version) {
      return new Plugin(kind, version, startFailure);
    }

    public Plugin failingToStart(String message) {
      return new Plugin(kind, spiVersion, message);
    }
  }

  /**
   * The jar {@code directory/name} holding {@code plugin}'s factory, {@code test.plugin.Factory},
   * and the service file naming it. Its client systems answer every call and download nothing; the
   * cursor of their (empty) page is the tenant's endpoint, so a test sees which settings made them.
   */
  public static Path jar(Path directory, String name, Plugin plugin) {
    return write(directory.resolve(name), compile(factorySource(plugin)), true);
  }

  /** A jar with the same factory class but no service file: it provides no kind. */
  public static Path jarWithoutServiceFile(Path directory, String name, Plugin plugin) {
    return write(directory.resolve(name), compile(factorySource(plugin)), false);
  }

  private static String factorySource(Plugin plugin) {
    String start =
        plugin.startFailure() == null
            ? ""
            : "throw new IllegalStateException(\"" + plugin.startFailure() + "\");";
    return """
        package test.plugin;

        import java.util.*;
        import org.metersync.domain.*;
        import org.metersync.spi.*;

        public final class Factory implements ClientSystemFactory {
          public String kind() { return "%1$s"; }
          public int spiVersion() { return %2$d; }
          public void start(ClientSystemContext context) { %3$s }
          public ClientSystemApi create(ClientSystemSettings settings) {
            String endpoint = settings.endpoint();
            return new ClientSystemApi() {
              public String kind() { return "%1$s"; }
              public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
                return new ReadingsPage(List.of(), List.of(), endpoint, false);
              }
              public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
                Map<ReadingId, UploadVerdict> verdicts = new HashMap<>();
                batch.forEach(r -> verdicts.put(r.id(), UploadVerdict.ACCEPTED));
                return verdicts;
              }
              public void checkReachable() {}
            };
          }
        }
        """
        .formatted(plugin.kind(), plugin.spiVersion(), start);
  }

  /** The class files of {@code source}, compiled into a fresh temporary directory. */
  private static Path compile(String source) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new IllegalStateException("no Java compiler: tests need a JDK, not a JRE");
    }
    try {
      Path classes = Files.createTempDirectory("plugin-classes-");
      String classpath =
          location(ClientSystemFactory.class)
              + java.io.File.pathSeparator
              + location(MeterReading.class);
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      boolean compiled =
          compiler
              .getTask(
                  null,
                  null,
                  diagnostics,
                  List.of("--release", "17", "-classpath", classpath, "-d", classes.toString()),
                  null,
                  List.of(new Source("test/plugin/Factory", source)))
              .call();
      if (!compiled) {
        throw new IllegalStateException(
            "test plug-in does not compile: " + diagnostics.getDiagnostics());
      }
      return classes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where the classes of {@code type} come from: a jar or the module's classes directory. */
  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Path write(Path jar, Path classes, boolean serviceFile) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try {
      Files.createDirectories(jar.getParent());
      try (OutputStream file = Files.newOutputStream(jar);
          JarOutputStream out = new JarOutputStream(file, manifest);
          Stream<Path> walk = Files.walk(classes)) {
        for (Path path : walk.filter(Files::isRegularFile).sorted().toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
          out.write(Files.readAllBytes(path));
          out.closeEntry();
        }
        if (serviceFile) {
          out.putNextEntry(new JarEntry(SERVICE_FILE));
          out.write("test.plugin.Factory\n".getBytes(StandardCharsets.UTF_8));
          out.closeEntry();
        }
      }
      delete(classes);
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
      for (Path path : paths) {
        Files.delete(path);
      }
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
