/**
 * API keys: {@link io.sluice.api.auth.ApiKeys} holds the configured keys as SHA-256 hashes (from
 * {@code sluice.auth.api-keys} and the file {@code sluice.auth.api-keys-file}, reread when it changes) and checks a
 * request's {@code Authorization: Bearer} credential against all of them in constant time.
 *
 * <p>Threading: the key set is an immutable snapshot behind a volatile field, replaced by the reload task on a worker
 * thread; event loops read it without locking.
 */
package io.sluice.api.auth;
