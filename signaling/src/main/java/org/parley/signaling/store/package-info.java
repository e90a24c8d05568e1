/**
 * The embedded store: an H2 database file under {@code store.dataDirectory} holding what must survive
 * a restart (meetings and their booths, invitations, revocations, the participation log, the token
 * key). {@link org.parley.signaling.store.ParleyStore} opens it and applies the schema migrations;
 * one class per table group reads and writes it.
 */
package org.parley.signaling.store;
