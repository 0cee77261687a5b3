package dev.passwordreset.reset;

import java.time.Instant;
import java.util.UUID;

import dev.passwordreset.audit.AuditActor;

/**
 * A stored "forgot password" request that a worker has claimed. Its {@link #toString()}
 * shows no more of what was typed than {@link ForgottenPassword} does.
 *
 * @param id the row's id, which names the request in logs
 * @param request what the user typed
 * @param actor where the request came from, for the audit of its outcome
 * @param attempts the failed attempts so far
 * @param acceptedAt when the request was answered
 */
record SelfServiceRequest(UUID id, ForgottenPassword request, AuditActor actor, int attempts, Instant acceptedAt) {

}
