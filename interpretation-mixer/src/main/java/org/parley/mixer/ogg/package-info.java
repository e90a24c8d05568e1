/**
 * Ogg Opus files (RFC 7845 over RFC 3533): {@link org.parley.mixer.ogg.OggCrc} is the Ogg page
 * checksum (polynomial 0x04C11DB7, not reflected, so not {@code java.util.zip.CRC32}),
 * {@link org.parley.mixer.ogg.OggPageWriter} lays out pages and their lacing,
 * {@link org.parley.mixer.ogg.OpusHeaders} writes {@code OpusHead} and {@code OpusTags},
 * {@link org.parley.mixer.ogg.OggOpusWriter} turns a stream of Opus packets into pages with granule
 * positions, and {@link org.parley.mixer.ogg.OggOpusFiles} reads back and closes a file a crash left
 * without its last page.
 */
package org.parley.mixer.ogg;
