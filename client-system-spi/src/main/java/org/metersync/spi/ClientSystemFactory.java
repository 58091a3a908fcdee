package org.metersync.spi;

/**
 * Makes the {@link ClientSystemApi} of one kind of client system for each tenant of that kind.
 *
 * <p>A kind is found through {@link java.util.ServiceLoader}: its jar lists the implementing class
 * in {@code META-INF/services/org.metersync.spi.ClientSystemFactory}, and the class has a public
 * no-argument constructor. The service calls {@link #start} once, then {@link #create} per tenant,
 * and {@link #close} when it stops.
 */
public interface ClientSystemFactory extends AutoCloseable {

  /** The kind this factory makes, as named in a tenant's configuration ({@code kind=...}). */
  String kind();

  /**
   * The SPI version this kind was built against: implement it as {@code return
   * ClientSystemSpi.VERSION;} so that the constant is compiled into the kind.
   */
  int spiVersion();

  /** Receives what the service shares with every kind, before the first {@link #create}. */
  default void start(ClientSystemContext context) {}

  /**
   * Makes the client system of one tenant.
   *
   * @throws IllegalArgumentException if the settings are not usable, naming the tenant and what is
   *     wrong
   */
  ClientSystemApi create(ClientSystemSettings settings);

  /** Releases what {@link #start} acquired. */
  @Override
  default void close() {}
}
