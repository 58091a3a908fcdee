package org.metersync.sandbox;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One tenant's runtime switches: latency, a random error rate, explicitly injected faults and the
 * largest accepted upload body. Thread-safe; changes apply to the next request. Faults apply only
 * to authenticated, well-formed requests on their endpoints; injected faults come first (oldest
 * first), then the error rate, which draws exactly one number per request on its endpoints.
 */
public final class SandboxSwitches {

  /** Injected faults, 0 remaining meaning "until cleared". */
  private static final class Injection {
    final Fault fault;
    final Set<Endpoint> on;
    int remaining;

    Injection(Fault fault, Set<Endpoint> on, int remaining) {
      this.fault = fault;
      this.on = on;
      this.remaining = remaining;
    }
  }

  private final RandomGenerator random;
  private final List<Injection> injections = new ArrayList<>();
  private Latency latency = Latency.NONE;
  private double errorRate;
  private Fault errorFault;
  private Set<Endpoint> errorOn = EnumSet.noneOf(Endpoint.class);
  private long maxRequestBytes = Long.MAX_VALUE;

  SandboxSwitches(RandomGenerator random) {
    this.random = requireNonNull(random, "random");
  }

  /**
   * Delay every authenticated, well-formed request by {@code latency}; {@link Latency#NONE} to
   * stop.
   */
  public synchronized SandboxSwitches latency(Latency latency) {
    this.latency = requireNonNull(latency, "latency");
    return this;
  }

  /**
   * Answer a fraction {@code rate} (0.0 to 1.0) of the requests on {@code on} (default: every
   * endpoint the fault can apply to) with {@code fault}; rate 0 turns it off.
   */
  public synchronized SandboxSwitches errorRate(double rate, Fault fault, Endpoint... on) {
    if (!(rate >= 0.0 && rate <= 1.0)) {
      throw new IllegalArgumentException("error rate must be within 0.0-1.0: " + rate);
    }
    this.errorOn = endpoints(fault, on);
    this.errorFault = fault;
    this.errorRate = rate;
    return this;
  }

  /** Answer the next {@code times} requests on {@code on} with {@code fault}. */
  public synchronized SandboxSwitches failNext(int times, Fault fault, Endpoint... on) {
    if (times < 1) {
      throw new IllegalArgumentException("times must be positive: " + times);
    }
    injections.add(new Injection(fault, endpoints(fault, on), times));
    return this;
  }

  /** Answer every request on {@code on} with {@code fault} until {@link #clearFaults()}. */
  public synchronized SandboxSwitches failUntilCleared(Fault fault, Endpoint... on) {
    injections.add(new Injection(fault, endpoints(fault, on), 0));
    return this;
  }

  /** Removes every injected fault and the error rate. */
  public synchronized SandboxSwitches clearFaults() {
    injections.clear();
    errorRate = 0.0;
    errorFault = null;
    errorOn = EnumSet.noneOf(Endpoint.class);
    return this;
  }

  /** Answer {@code 413} to uploads whose body is larger than {@code bytes}. */
  public synchronized SandboxSwitches maxRequestBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be positive: " + bytes);
    }
    this.maxRequestBytes = bytes;
    return this;
  }

  /** Back to a well-behaved server: no latency, no faults, no size limit. */
  public synchronized SandboxSwitches reset() {
    clearFaults();
    latency = Latency.NONE;
    maxRequestBytes = Long.MAX_VALUE;
    return this;
  }

  /** How many injected faults are still waiting (an until-cleared one counts as one). */
  public synchronized int pendingInjections() {
    return injections.size();
  }

  synchronized Duration nextLatency() {
    return latency.isNone() ? Duration.ZERO : latency.next(random);
  }

  synchronized long maxRequestBytes() {
    return maxRequestBytes;
  }

  /** The fault for one request on {@code endpoint}, consuming it. */
  synchronized Optional<Fault> nextFault(Endpoint endpoint) {
    for (Iterator<Injection> it = injections.iterator(); it.hasNext(); ) {
      Injection injection = it.next();
      if (injection.on.contains(endpoint)) {
        if (injection.remaining == 1) {
          it.remove();
        } else if (injection.remaining > 1) {
          injection.remaining--;
        }
        return Optional.of(injection.fault);
      }
    }
    if (errorRate > 0.0 && errorOn.contains(endpoint) && random.nextDouble() < errorRate) {
      return Optional.of(errorFault);
    }
    return Optional.empty();
  }

  private static Set<Endpoint> endpoints(Fault fault, Endpoint... on) {
    requireNonNull(fault, "fault");
    Set<Endpoint> possible = fault.endpoints();
    if (on.length == 0) {
      return EnumSet.copyOf(possible);
    }
    Set<Endpoint> chosen = EnumSet.copyOf(List.of(on));
    if (!possible.containsAll(chosen)) {
      throw new IllegalArgumentException(fault + " can only be injected on " + possible);
    }
    return chosen;
  }
}
