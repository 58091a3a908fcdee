package org.metersync.adapters.http.sensorthings;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.PATCH;
import retrofit2.http.POST;
import retrofit2.http.Path;
import retrofit2.http.Url;

/**
 * The parts of the OGC SensorThings API v1.1 that meter-sync uses. GETs take a complete URL: query
 * URLs are built by {@link SensorThingsUrls}, and {@code @iot.nextLink}s are followed verbatim.
 */
interface SensorThingsService {

  @GET
  Call<ResponseBody> get(@Url String url);

  /** Creates an entity in {@code entitySet} ({@code Things}, {@code Sensors}, …). */
  @POST("{entitySet}")
  Call<ResponseBody> create(@Path("entitySet") String entitySet, @Body JsonNode entity);

  /** {@code body}: the JSON array of {@link CreateObservationsJson}, as measured for its size. */
  @POST("CreateObservations")
  Call<ResponseBody> createObservations(@Body RequestBody body);

  @PATCH
  Call<ResponseBody> patch(@Url String url, @Body RequestBody body);
}
