package org.metersync.examples.filedrop;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Set;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemFactory;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ClientSystemSpi;
import org.metersync.spi.Options;

/**
 * The {@code file-drop} kind: a tenant's client system is a directory shared with a partner system.
 * The endpoint is the directory's absolute path (or a {@code file:} URI); readings are uploaded
 * into its {@value #INBOX} sub-directory and downloaded from its {@value #OUTBOX} sub-directory,
 * both renamable by options of those names. No credential: access is by the file system's
 * permissions.
 */
public final class FileDropClientSystemFactory implements ClientSystemFactory {

  public static final String KIND = "file-drop";

  /** Option: the sub-directory uploads are written to. */
  public static final String INBOX = "inbox";

  /** Option: the sub-directory downloads are read from. */
  public static final String OUTBOX = "outbox";

  /** For {@link java.util.ServiceLoader}. */
  public FileDropClientSystemFactory() {}

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public int spiVersion() {
    return ClientSystemSpi.VERSION;
  }

  @Override
  public ClientSystemApi create(ClientSystemSettings settings) {
    requireNonNull(settings, "settings");
    Options options = new Options(settings, Set.of(INBOX, OUTBOX));
    if (settings.credential().isPresent()) {
      throw new IllegalArgumentException(
          "tenant "
              + settings.tenantId()
              + ": the file-drop client system takes no credential (access is by the file"
              + " system's permissions); remove tenants."
              + settings.tenantId()
              + ".credential");
    }
    Path root = directory(settings);
    String inbox = subdirectory(options, INBOX);
    String outbox = subdirectory(options, OUTBOX);
    if (inbox.equals(outbox)) {
      throw options.invalid(OUTBOX, outbox, "a directory other than the inbox");
    }
    return new FileDropClientSystem(
        settings.tenantId(),
        root,
        new Inbox(root.resolve(inbox)),
        new Outbox(root.resolve(outbox)));
  }

  private static Path directory(ClientSystemSettings settings) {
    String endpoint = settings.endpoint().trim();
    Path path;
    try {
      path = endpoint.startsWith("file:") ? Path.of(URI.create(endpoint)) : Path.of(endpoint);
    } catch (IllegalArgumentException e) { // InvalidPathException too
      throw notADirectory(settings, e.getMessage());
    }
    if (!path.isAbsolute()) {
      throw notADirectory(settings, "the path is not absolute");
    }
    return path.normalize();
  }

  private static IllegalArgumentException notADirectory(ClientSystemSettings settings, String why) {
    return new IllegalArgumentException(
        "tenant "
            + settings.tenantId()
            + ": the file-drop endpoint must be an absolute directory path or a file: URI, not '"
            + settings.endpoint()
            + "' ("
            + why
            + ")");
  }

  /** A plain name: no separators, no {@code .} or {@code ..}, so it stays inside the endpoint. */
  private static String subdirectory(Options options, String key) {
    String name = options.text(key, key);
    if (name.isBlank()
        || name.equals(".")
        || name.equals("..")
        || name.contains("/")
        || name.contains("\\")) {
      throw options.invalid(key, name, "a plain directory name within the endpoint");
    }
    return name;
  }
}
