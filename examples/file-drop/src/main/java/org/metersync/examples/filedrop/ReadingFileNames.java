package org.metersync.examples.filedrop;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.metersync.domain.ReadingId;

/**
 * The inbox file name of a reading, {@code <encoded id>.csv}: letters, digits, {@code -} and {@code
 * _} kept, every other byte of the id's UTF-8 as {@code %XX}. So any id gives a legal name that is
 * never {@code .}/{@code ..}, never hidden and never another id's; an id whose name would pass
 * {@value #MAX_LENGTH} characters (file systems allow 255 bytes) is named by its SHA-256 instead.
 */
final class ReadingFileNames {

  static final int MAX_LENGTH = 200;

  private ReadingFileNames() {}

  static String of(ReadingId id) {
    StringBuilder name = new StringBuilder();
    for (byte b : id.value().getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        name.append(c);
      } else if (c == '-' || c == '_') {
        name.append(c);
      } else {
        name.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
      }
    }
    name.append(".csv");
    return name.length() <= MAX_LENGTH ? name.toString() : "sha256-" + sha256(id) + ".csv";
  }

  private static String sha256(ReadingId id) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(id.value().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
