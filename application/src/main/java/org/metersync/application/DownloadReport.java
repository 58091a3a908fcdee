package org.metersync.application;

import java.util.Optional;
import org.metersync.spi.ClientSystemException;

/**
 * What one download pass did.
 *
 * @param batches the insert statements' chunks, each at most the upload batch size
 * @param failure why the pass stopped early, if a request failed
 */
public record DownloadReport(
    int downloadBatchSize,
    int insertBatchSize,
    int pages,
    int batches,
    int received,
    int inserted,
    int quarantined,
    Optional<ClientSystemException> failure) {}
