package org.metersync.bootstrap;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This running instance, as it holds tenant leases and names its database connections: process id,
 * host and a random part, so that no two instances (nor one restarted) ever share it.
 */
public record InstanceId(String value) {

  /** Short enough that {@code "meter-sync " + value} fits PostgreSQL's 63-byte application name. */
  private static final int MAX_HOST = 24;

  public InstanceId {
    requireNonNull(value, "value");
  }

  /** A new id for this process. */
  public static InstanceId create() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    host = host.replaceAll("[^A-Za-z0-9.-]", "_");
    if (host.length() > MAX_HOST) {
      host = host.substring(0, MAX_HOST);
    }
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return new InstanceId(
        ProcessHandle.current().pid() + "@" + host + "/" + HexFormat.of().formatHex(random));
  }

  /** How this instance's connections appear in {@code pg_stat_activity.application_name}. */
  public String applicationName() {
    return "meter-sync " + value;
  }

  @Override
  public String toString() {
    return value;
  }
}
