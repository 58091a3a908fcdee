package org.metersync.adapters.http.referencerest;

import okhttp3.RequestBody;
import okhttp3.ResponseBody;
import retrofit2.Call;
import retrofit2.http.Body;
import retrofit2.http.GET;
import retrofit2.http.Header;
import retrofit2.http.POST;
import retrofit2.http.Query;

/** The reference REST contract, as documented in {@code docs/client-system-api.md}. */
interface ReferenceRestService {

  @GET("readings")
  Call<ResponseBody> readings(@Query("cursor") String cursor, @Query("limit") int limit);

  @POST("readings/batch")
  Call<ResponseBody> upload(
      @Header("Idempotency-Key") String idempotencyKey, @Body RequestBody body);

  @GET("health")
  Call<ResponseBody> health();
}
