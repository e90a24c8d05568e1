/**
 * The embedded store: an H2 database file under {@code store.dataDirectory} holding what must survive
 * a restart (meetings and their booths, invitations, revocations, the participation log, the
 * e-participation statistics, the token key). {@link org.parley.signaling.store.ParleyStore} opens it
 * and applies the schema migrations; one class per table group reads and writes it.
 * {@link org.parley.signaling.store.StoreWriter} is the store's own thread, where the participation log,
 * the statistics and the provisioning API's work run off the Netty event loops;
 * {@link org.parley.signaling.store.StoreBackups} backs the file up on a schedule and
 * {@link org.parley.signaling.store.StoreRecovery} restores a backup over a damaged file.
 */
package org.parley.signaling.store;
