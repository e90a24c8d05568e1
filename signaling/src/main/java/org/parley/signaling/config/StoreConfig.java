package org.parley.signaling.config;

import java.nio.file.Path;

/**
 * Where the embedded database lives.
 *
 * @param dataDirectory directory of the H2 database files, created when missing
 */
public record StoreConfig(Path dataDirectory) {
}
