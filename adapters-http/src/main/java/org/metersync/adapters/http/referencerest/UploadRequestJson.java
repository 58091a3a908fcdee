package org.metersync.adapters.http.referencerest;

import java.util.List;

/** The body of {@code POST readings/batch}. */
record UploadRequestJson(List<ReadingJson> readings) {}
