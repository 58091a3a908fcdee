package org.metersync.spi;

/**
 * The version of this SPI. A kind returns it from {@link ClientSystemFactory#spiVersion()}; being a
 * compile-time constant, it is copied into the plug-in's classes, so the service sees the version
 * the plug-in was built against and refuses a plug-in built for another one.
 */
public final class ClientSystemSpi {

  /** Raised whenever a type of this package changes incompatibly. */
  public static final int VERSION = 1;

  private ClientSystemSpi() {}
}
