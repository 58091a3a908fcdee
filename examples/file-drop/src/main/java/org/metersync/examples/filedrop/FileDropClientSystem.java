package org.metersync.examples.filedrop;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemException;
import org.metersync.spi.ClientSystemMalformedAnswerException;
import org.metersync.spi.ClientSystemRejectedException;
import org.metersync.spi.ClientSystemUnavailableException;
import org.metersync.spi.ReadingsPage;

/**
 * One tenant's file-drop client system. File-system errors become the SPI's exceptions: a refused
 * write or read (permissions, a read-only mount) is permanent, anything else (a missing or
 * unmounted directory, a full disk, an I/O error) transient.
 */
final class FileDropClientSystem implements ClientSystemApi {

  /** {@link ClientSystemRejectedException#code()} of a refusal by the file system. */
  static final String ACCESS_DENIED = "access-denied";

  private final TenantId tenantId;
  private final Path root;
  private final Inbox inbox;
  private final Outbox outbox;

  FileDropClientSystem(TenantId tenantId, Path root, Inbox inbox, Outbox outbox) {
    this.tenantId = requireNonNull(tenantId, "tenantId");
    this.root = requireNonNull(root, "root");
    this.inbox = requireNonNull(inbox, "inbox");
    this.outbox = requireNonNull(outbox, "outbox");
  }

  @Override
  public String kind() {
    return FileDropClientSystemFactory.KIND;
  }

  @Override
  public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be positive: " + limit);
    }
    DownloadCursor from = cursor.map(this::parse).orElse(DownloadCursor.START);
    requireDirectory(outbox.directory(), "download");
    try {
      return outbox.page(from, limit);
    } catch (IOException e) {
      throw failure("download", e);
    }
  }

  @Override
  public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
    requireNonNull(batch, "batch");
    requireDirectory(inbox.directory(), "upload");
    try {
      return inbox.write(batch);
    } catch (IOException e) {
      throw failure("upload", e);
    }
  }

  @Override
  public void checkReachable() {
    requireDirectory(root, "check");
    requireDirectory(inbox.directory(), "check");
    requireDirectory(outbox.directory(), "check");
    if (!Files.isWritable(inbox.directory()) || !Files.isReadable(outbox.directory())) {
      throw new ClientSystemRejectedException(
          message("check", "the inbox is not writable or the outbox not readable: " + root),
          ACCESS_DENIED,
          false);
    }
  }

  private DownloadCursor parse(String stored) {
    try {
      return DownloadCursor.parse(stored);
    } catch (IllegalArgumentException e) {
      throw new ClientSystemMalformedAnswerException(
          message("download", "the stored download cursor could not be read: " + e.getMessage()));
    }
  }

  /** A missing directory is transient: a share not mounted yet, a partner not set up yet. */
  private void requireDirectory(Path directory, String operation) {
    if (!Files.isDirectory(directory)) {
      throw new ClientSystemUnavailableException(
          message(operation, "directory " + directory + " does not exist (not mounted?)"), null);
    }
  }

  /** The SPI's exception for a file-system error during {@code operation}. */
  ClientSystemException failure(String operation, IOException e) {
    if (e instanceof AccessDeniedException || readOnly(e)) {
      return new ClientSystemRejectedException(
          message(operation, "the file system refused: " + e), ACCESS_DENIED, false);
    }
    return new ClientSystemUnavailableException(message(operation, e.toString()), e);
  }

  private static boolean readOnly(IOException e) {
    return e instanceof FileSystemException f
        && f.getReason() != null
        && f.getReason().contains("Read-only file system");
  }

  private String message(String operation, String what) {
    return "tenant " + tenantId + " file-drop " + operation + ": " + what;
  }
}
