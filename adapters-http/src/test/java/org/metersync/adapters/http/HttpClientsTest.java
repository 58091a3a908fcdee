package org.metersync.adapters.http;

import static org.junit.jupiter.api.Assertions.assertSame;

import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.metersync.domain.TenantId;

class HttpClientsTest {

  @Test
  void forTenant_sharesPoolAndDispatcher() {
    OkHttpClient shared = HttpClients.shared(HttpSettings.defaults("test"));
    OkHttpClient tenant = HttpClients.forTenant(shared, TenantId.of("acme"), "Bearer x");

    assertSame(shared.connectionPool(), tenant.connectionPool());
    assertSame(shared.dispatcher(), tenant.dispatcher());
  }
}
