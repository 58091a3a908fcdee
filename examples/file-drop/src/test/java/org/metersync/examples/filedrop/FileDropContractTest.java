package org.metersync.examples.filedrop;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.testkit.ClientSystemContract;
import org.metersync.testkit.RemoteCanBeUnavailable;

/**
 * The file-drop kind passes the contract every kind must pass, against a real directory, and the
 * checks for a remote that can be unavailable: the one thing a directory does wrong that the test
 * can make it do, as root too.
 */
class FileDropContractTest extends ClientSystemContract<FileDropRemote>
    implements RemoteCanBeUnavailable {

  @TempDir Path dir;

  @Override
  protected FileDropRemote newRemote() {
    return new FileDropRemote(dir);
  }
}
