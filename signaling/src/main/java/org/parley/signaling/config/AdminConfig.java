package org.parley.signaling.config;

import java.util.Optional;

/**
 * Access to the provisioning API.
 *
 * @param apiKey the key clients send as {@code Authorization: Bearer <key>}; when empty the server
 *               generates one at start and logs it
 */
public record AdminConfig(Optional<String> apiKey) {
}
