/**
 * Opus (RFC 6716) encoding and decoding through the system's libopus, bound with the JDK's
 * foreign function and memory API ({@code java.lang.foreign}).
 *
 * <p>{@link org.parley.mixer.opus.OpusLibrary} loads libopus once and holds the downcall handles.
 * {@link org.parley.mixer.opus.OpusEncoder} and {@link org.parley.mixer.opus.OpusDecoder} each own
 * their codec state and native scratch buffers in a private arena that {@code close()} frees;
 * encoding or decoding a frame allocates nothing on the Java heap. {@link
 * org.parley.mixer.opus.OpusPacket} reads packet structure (TOC byte, frame count, in-band FEC)
 * in plain Java, without a native call.
 *
 * <p>Encoders and decoders are not thread-safe: each belongs to one mixer thread at a time.
 */
package org.parley.mixer.opus;
