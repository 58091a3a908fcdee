package org.metersync.examples.filedrop;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.metersync.domain.MeterReading;
import org.metersync.domain.ReadingId;
import org.metersync.domain.TenantId;
import org.metersync.domain.UploadVerdict;
import org.metersync.spi.ClientSystemApi;
import org.metersync.spi.ClientSystemContext;
import org.metersync.spi.ClientSystemSettings;
import org.metersync.spi.ReadingsPage;
import org.metersync.testkit.ContractRemote;

/**
 * An exchange directory seen from the partner's side, as the contract kit's remote. The partner
 * writes outbox files the documented way (aside, then renamed) and reads the inbox, both with
 * Jackson's CSV module rather than the kind's own CSV code, so the two must agree.
 *
 * <p>What a directory really does wrong, and this remote simulates: it is not there (a share not
 * mounted). It gives no answer that could be garbled, lost or lack a verdict, no page it could
 * overfill, no credential to refuse and no way for the partner to refuse one reading. It can refuse
 * access through permissions, but not to root, who runs CI, and a directory replaced by a file is a
 * missing directory to the kind: that refusal is tested in {@code FileDropUploadTest} instead.
 */
final class FileDropRemote implements ContractRemote.CanBeUnavailable {

  private static final TenantId TENANT = TenantId.of("acme");
  private static final CsvMapper CSV = new CsvMapper();
  private static final CsvSchema COLUMNS =
      CsvSchema.builder()
          .addColumn("id")
          .addColumn("meterId")
          .addColumn("takenAt")
          .addColumn("value")
          .addColumn("unit")
          .setUseHeader(true)
          .build();

  private final FileDropClientSystemFactory factory = new FileDropClientSystemFactory();
  private final Path endpoint;
  private final Path unmounted;
  private final Path inbox;
  private final Path outbox;
  private int filesOffered;

  /** Undoes the misbehaviour set for the next call; runs when that call ends. */
  private Runnable undoMisbehaviour = () -> {};

  /** A fresh exchange directory with empty inbox and outbox inside {@code dir}. */
  FileDropRemote(Path dir) {
    endpoint = dir.resolve("exchange");
    unmounted = dir.resolve("exchange-unmounted");
    inbox = endpoint.resolve(FileDropClientSystemFactory.INBOX);
    outbox = endpoint.resolve(FileDropClientSystemFactory.OUTBOX);
    io(() -> Files.createDirectories(inbox));
    io(() -> Files.createDirectories(outbox));
    factory.start(ClientSystemContext.defaults("file-drop-contract-test"));
  }

  @Override
  public TenantId tenant() {
    return TENANT;
  }

  @Override
  public ClientSystemApi newAdapter() {
    ClientSystemApi adapter =
        factory.create(
            new ClientSystemSettings(
                TENANT,
                FileDropClientSystemFactory.KIND,
                endpoint.toString(),
                Optional.empty(),
                Map.of()));
    return new EndsMisbehaviourAfterEachCall(adapter);
  }

  /** One new outbox file per call, named after the ones before, written aside and renamed. */
  @Override
  public void offer(List<MeterReading> readings) {
    String name = String.format("%06d.csv", ++filesOffered);
    Path aside = outbox.resolve("." + name + ".tmp");
    List<String[]> rows = readings.stream().map(FileDropRemote::row).toList();
    io(() -> Files.writeString(aside, CSV.writer(COLUMNS).writeValueAsString(rows)));
    io(() -> Files.move(aside, outbox.resolve(name), StandardCopyOption.ATOMIC_MOVE));
  }

  /** Every row of every inbox file that holds reading {@code id}. */
  @Override
  public List<MeterReading> held(ReadingId id) {
    List<MeterReading> copies = new ArrayList<>();
    for (Path file : inboxFiles()) {
      for (Map<String, String> row : rows(file)) {
        if (id.value().equals(row.get("id"))) {
          copies.add(reading(row));
        }
      }
    }
    return copies;
  }

  /** The share is not mounted: the exchange directory is moved away until the call ends. */
  @Override
  public void beUnavailableForNextCall() {
    io(() -> Files.move(endpoint, unmounted));
    undoMisbehaviour = () -> io(() -> Files.move(unmounted, endpoint));
  }

  @Override
  public void close() {
    behaveAgain();
    factory.close();
  }

  private void behaveAgain() {
    Runnable undo = undoMisbehaviour;
    undoMisbehaviour = () -> {};
    undo.run();
  }

  private List<Path> inboxFiles() {
    try (Stream<Path> files = Files.list(inbox)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".csv"))
          .filter(f -> !f.getFileName().toString().startsWith("."))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Map<String, String>> rows(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        MappingIterator<Map<String, String>> rows =
            CSV.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(reader)) {
      return rows.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException("inbox file " + file + " is not CSV with a header", e);
    }
  }

  private static String[] row(MeterReading reading) {
    return new String[] {
      reading.id().value(),
      reading.meterId(),
      reading.takenAt().toString(),
      reading.value().toString(),
      reading.unit()
    };
  }

  private static MeterReading reading(Map<String, String> row) {
    return new MeterReading(
        ReadingId.of(row.get("id")),
        row.get("meterId"),
        Instant.parse(row.get("takenAt")),
        new BigDecimal(row.get("value")),
        row.get("unit"));
  }

  private interface IoAction<T> {
    T run() throws IOException;
  }

  private static <T> T io(IoAction<T> action) {
    try {
      return action.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The kind's adapter, unchanged, except that the misbehaviour ends when a call does: a directory
   * cannot see a call end, as a server sees its request answered.
   */
  private final class EndsMisbehaviourAfterEachCall implements ClientSystemApi {
    private final ClientSystemApi adapter;

    EndsMisbehaviourAfterEachCall(ClientSystemApi adapter) {
      this.adapter = adapter;
    }

    @Override
    public String kind() {
      return adapter.kind();
    }

    @Override
    public ReadingsPage fetchReadings(Optional<String> cursor, int limit) {
      try {
        return adapter.fetchReadings(cursor, limit);
      } finally {
        behaveAgain();
      }
    }

    @Override
    public Map<ReadingId, UploadVerdict> upload(List<MeterReading> batch) {
      try {
        return adapter.upload(batch);
      } finally {
        behaveAgain();
      }
    }

    @Override
    public void checkReachable() {
      try {
        adapter.checkReachable();
      } finally {
        behaveAgain();
      }
    }
  }
}
