package org.metersync.adapters.postgres;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.metersync.application.LogContext;
import org.metersync.application.port.TenantCache;
import org.metersync.domain.TenantId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for the {@code tenant_changed} notifications the tenant table's trigger sends, and drops
 * the changed tenant from the cache, so a change made by any process applies on the next cycle;
 * then tells whoever asked ({@link #onChange}), such as the sync loop, which refreshes its tenants.
 * Reconnects after a lost connection and then drops every tenant, since notifications sent
 * meanwhile are lost.
 */
public final class TenantChangeListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantChangeListener.class);
  static final String CHANNEL = "tenant_changed";

  private final DataSource dataSource;
  private final TenantCache cache;
  private final Duration reconnectDelay;
  private final Thread thread;
  private final List<Runnable> observers = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;
  private volatile boolean listening;

  public TenantChangeListener(DataSource dataSource, TenantCache cache, Duration reconnectDelay) {
    this.dataSource = requireNonNull(dataSource, "dataSource");
    this.cache = requireNonNull(cache, "cache");
    this.reconnectDelay = requireNonNull(reconnectDelay, "reconnectDelay");
    this.thread = new Thread(this::listen, "tenant-change-listener");
    this.thread.setDaemon(true);
  }

  public TenantChangeListener start() {
    thread.start();
    return this;
  }

  /**
   * Runs {@code observer} on the listener's thread after each batch of tenant changes, and after a
   * reconnect (changes may have been missed); it should only hand work off.
   */
  public TenantChangeListener onChange(Runnable observer) {
    observers.add(requireNonNull(observer, "observer"));
    return this;
  }

  /** Whether a connection is currently listening. */
  public boolean isListening() {
    return listening;
  }

  private void listen() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
        cache.invalidateAll();
        listening = true;
        tellObservers();
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications != null && notifications.length > 0) {
            for (PGNotification notification : notifications) {
              invalidate(notification.getParameter());
            }
            tellObservers();
          }
        }
      } catch (SQLException e) {
        listening = false;
        if (running) {
          log.warn("tenant change listener lost its connection, reconnecting: {}", e.getMessage());
          pause();
        }
      }
    }
    listening = false;
  }

  private void invalidate(String tenantId) {
    try {
      TenantId id = TenantId.of(tenantId);
      try (LogContext.Scope scope = LogContext.tenant(id)) {
        cache.invalidate(id);
        log.debug("tenant={} changed in the database; dropped from the tenant cache", tenantId);
      }
    } catch (IllegalArgumentException e) {
      log.warn("ignored a tenant change notification with an invalid tenant id: {}", tenantId);
    }
  }

  private void tellObservers() {
    for (Runnable observer : observers) {
      try {
        observer.run();
      } catch (RuntimeException e) {
        log.warn("a tenant change observer failed: {}", e.toString());
      }
    }
  }

  private void pause() {
    try {
      Thread.sleep(reconnectDelay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
