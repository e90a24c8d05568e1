package org.parley.signaling.config;

/**
 * Where the HTTP and WebSocket server listens.
 *
 * @param bindAddress local address to bind, e.g. {@code 0.0.0.0}
 * @param port        TCP port; 0 picks a free port (tests)
 */
public record HttpConfig(String bindAddress, int port) {
}
