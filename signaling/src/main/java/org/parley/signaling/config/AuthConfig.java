package org.parley.signaling.config;

import java.util.Optional;

/**
 * Signing of join tokens.
 *
 * @param tokenKey base64 HMAC-SHA256 key (at least 32 bytes once decoded); when empty the server
 *                 generates one on first start and keeps it in the store, so tokens survive restarts
 */
public record AuthConfig(Optional<String> tokenKey) {
}
