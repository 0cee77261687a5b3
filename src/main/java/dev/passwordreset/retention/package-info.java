/**
 * Retention: rows that can no longer be used (one-time codes and reset links long
 * expired, mails and texts sent or given up long ago) are deleted after
 * {@code reset.retention.period}, so that the tables stay as small as the traffic of that
 * period, whatever the service's age. The features that own such rows say which they are
 * ({@link dev.passwordreset.retention.ExpiredRows}); this module deletes them, in small
 * batches, on every instance. Depends on no other feature.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package dev.passwordreset.retention;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
