/**
 * TURN for clients behind firewalls: Parley issues time-limited credentials that a TURN server
 * (coturn with {@code use-auth-secret}) checks with the secret it shares with Parley; clients get
 * them in {@code joined.iceServers}.
 */
package org.parley.signaling.turn;
