package org.parley.signaling.config;

/**
 * Where the SIP dial-in for meeting-room systems listens (UDP only for now, RFC 3261 §18).
 *
 * @param enabled     whether the SIP server runs at all
 * @param bindAddress local address to bind, e.g. {@code 0.0.0.0}
 * @param port        UDP port, 5060 by default; 0 picks a free port (tests)
 */
public record SipConfig(boolean enabled, String bindAddress, int port) {
}
