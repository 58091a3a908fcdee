package org.metersync.examples.filedrop;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.metersync.testkit.ClientSystemContract;
import org.metersync.testkit.ContractRemote;

/** The file-drop kind passes the contract every kind must pass, against a real directory. */
class FileDropContractTest extends ClientSystemContract {

  @TempDir Path dir;

  @Override
  protected ContractRemote newRemote() {
    return new FileDropRemote(dir);
  }
}
