package org.metersync.bootstrap;

/** What the runnable jar's manifest says about this build. */
public final class BuildInfo {

  private BuildInfo() {}

  /** This build's version, or {@code development} outside the runnable jar. */
  public static String version() {
    String version = BuildInfo.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
