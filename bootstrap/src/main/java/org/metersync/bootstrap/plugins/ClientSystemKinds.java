package org.metersync.bootstrap.plugins;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kinds of client system this service knows: those built into its jar and those of the jars in
 * the plug-ins directory, each found through {@link ServiceLoader}. Every problem stops start-up
 * with a {@link PluginException} that names the jar: two jars claiming one kind, a jar built for
 * another SPI version, a kind whose class cannot be made or that throws while starting.
 *
 * <p>Each plug-in jar gets a class loader of its own whose parent is the service's: the SPI and the
 * domain come from the service, everything else in the jar stays the plug-in's.
 */
public final class ClientSystemKinds implements AutoCloseable {

  /** Where a kind came from, as {@code meter-sync kinds} shows it. */
  public static final String BUILT_IN = "built in";

  private static final Logger log = LoggerFactory.getLogger(ClientSystemKinds.class);

  /** A kind found, and where. */
  public record Kind(String kind, String origin, int spiVersion) {}

  private final Map<String, Loaded> kinds;
  private final List<URLClassLoader> loaders;

  private record Loaded(ClientSystemFactory factory, String origin) {}

  private ClientSystemKinds(Map<String, Loaded> kinds, List<URLClassLoader> loaders) {
    this.kinds = kinds;
    this.loaders = loaders;
  }

  /**
   * Finds and starts every kind.
   *
   * @param pluginsDirectory the plug-ins directory; one that does not exist holds no plug-ins
   */
  public static ClientSystemKinds load(Path pluginsDirectory, ClientSystemContext context) {
    requireNonNull(pluginsDirectory, "pluginsDirectory");
    requireNonNull(context, "context");
    Map<String, Loaded> kinds = new LinkedHashMap<>();
    List<URLClassLoader> loaders = new ArrayList<>();
    ClientSystemKinds found = new ClientSystemKinds(kinds, loaders);
    try {
      ClassLoader own = ClientSystemKinds.class.getClassLoader();
      for (ClientSystemFactory factory : providers(own, own, BUILT_IN)) {
        found.add(factory, BUILT_IN, context);
      }
      for (Path jar : jars(pluginsDirectory)) {
        String origin = jar.toString();
        URLClassLoader loader = new URLClassLoader(new URL[] {url(jar)}, own);
        loaders.add(loader);
        List<ClientSystemFactory> factories = providers(loader, loader, origin);
        if (factories.isEmpty()) {
          throw new PluginException(
              "plug-in "
                  + origin
                  + " provides no client-system kind: it needs a file"
                  + " META-INF/services/"
                  + ClientSystemFactory.class.getName()
                  + " naming its factory class",
              null);
        }
        for (ClientSystemFactory factory : factories) {
          found.add(factory, origin, context);
        }
      }
    } catch (RuntimeException | LinkageError e) {
      found.close();
      throw e;
    }
    found.kinds().forEach(k -> log.info("client system kind '{}' ({})", k.kind(), k.origin()));
    return found;
  }

  private void add(ClientSystemFactory factory, String origin, ClientSystemContext context) {
    String kind;
    int version;
    try {
      kind = factory.kind();
      version = factory.spiVersion();
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(
          "plug-in " + origin + ": " + factory.getClass().getName() + " failed: " + e, e);
    }
    if (version != ClientSystemSpi.VERSION) {
      throw new PluginException(
          "plug-in "
              + origin
              + ": kind '"
              + kind
              + "' was built for client-system SPI version "
              + version
              + ", this service has version "
              + ClientSystemSpi.VERSION
              + "; rebuild the plug-in against this meter-sync",
          null);
    }
    Loaded other = kinds.get(kind);
    if (other != null) {
      throw new PluginException(
          "plug-in "
              + origin
              + ": kind '"
              + kind
              + (BUILT_IN.equals(other.origin())
                  ? "' is built into meter-sync; give the plug-in's kind another name"
                  : "' is already provided by plug-in " + other.origin() + "; remove one of them"),
          null);
    }
    try {
      factory.start(context);
    } catch (RuntimeException | LinkageError e) {
      throw new PluginException(
          "plug-in " + origin + ": kind '" + kind + "' failed while starting: " + e, e);
    }
    kinds.put(kind, new Loaded(factory, origin));
  }

  /** The factories whose classes {@code loader} itself defines (not its parents'). */
  private static List<ClientSystemFactory> providers(
      ClassLoader loader, ClassLoader owner, String origin) {
    List<ClientSystemFactory> factories = new ArrayList<>();
    try {
      ServiceLoader.load(ClientSystemFactory.class, loader).stream()
          .filter(p -> p.type().getClassLoader() == owner)
          .sorted(Comparator.comparing(p -> p.type().getName()))
          .forEach(p -> factories.add(p.get()));
    } catch (ServiceConfigurationError | LinkageError e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new PluginException(
          "plug-in " + origin + ": its client-system kind could not be created: " + cause, e);
    }
    return factories;
  }

  private static List<Path> jars(Path directory) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new PluginException("plug-ins directory " + directory + " cannot be read: " + e, e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new PluginException("plug-in " + jar + ": not a usable path: " + e, e);
    }
  }

  /** The kinds found, by kind. */
  public List<Kind> kinds() {
    return kinds.entrySet().stream()
        .map(e -> new Kind(e.getKey(), e.getValue().origin(), e.getValue().factory().spiVersion()))
        .sorted(Comparator.comparing(Kind::kind))
        .toList();
  }

  /** Picks a tenant's factory by kind. */
  public ClientSystemRegistry registry() {
    Map<String, ClientSystemFactory> factories = new LinkedHashMap<>();
    kinds.forEach((kind, loaded) -> factories.put(kind, loaded.factory()));
    return new ClientSystemRegistry(factories);
  }

  /** Closes every kind, then the plug-ins' class loaders. */
  @Override
  public void close() {
    for (Loaded loaded : kinds.values()) {
      try {
        loaded.factory().close();
      } catch (RuntimeException | LinkageError e) {
        log.warn(
            "closing client system kind '{}' ({}) failed: {}",
            loaded.factory().kind(),
            loaded.origin(),
            e.toString());
      }
    }
    kinds.clear();
    for (URLClassLoader loader : loaders) {
      try {
        loader.close();
      } catch (IOException e) {
        log.warn("closing a plug-in's class loader failed: {}", e.toString());
      }
    }
    loaders.clear();
  }
}
