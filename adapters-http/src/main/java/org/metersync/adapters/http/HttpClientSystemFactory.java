package org.metersync.adapters.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import okhttp3.OkHttpClient;

/** What every HTTP client-system factory needs: the shared client, JSON, secrets and time. */
public abstract class HttpClientSystemFactory implements ClientSystemFactory {

  protected final OkHttpClient sharedClient;
  protected final ObjectMapper mapper;
  protected final Credentials credentials;
  protected final Clock clock;

  protected HttpClientSystemFactory(
      OkHttpClient sharedClient, ObjectMapper mapper, Credentials credentials, Clock clock) {
    this.sharedClient = requireNonNull(sharedClient, "sharedClient");
    this.mapper = requireNonNull(mapper, "mapper");
    this.credentials = requireNonNull(credentials, "credentials");
    this.clock = requireNonNull(clock, "clock");
  }
}
