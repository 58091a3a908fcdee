package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.POST;
import retrofit2.http.Url;

/**
 * The parts of the OGC SensorThings API v1.1 that meter-sync uses. GETs take a complete URL: query
 * URLs are built by {@link SensorThingsUrls}, and {@code @iot.nextLink}s are followed verbatim.
 */
interface SensorThingsService {

  @GET
  Call<ResponseBody> get(@Url String url);

  @POST("Things")
  Call<ResponseBody> createThing(@Body JsonNode thing);

  @POST("CreateObservations")
  Call<ResponseBody> createObservations(@Body List<CreateObservationsJson> groups);
}
