/**
 * Per-source jitter buffering for Opus over RTP (RFC 7587): packets go in as they arrive, one
 * frame of PCM comes out per mixer tick.
 *
 * <p>{@link org.parley.mixer.jitter.JitterBuffer} orders packets by sequence number, decodes the
 * next one each tick, rebuilds a lost one from its successor's in-band FEC or conceals it, and
 * adapts its depth to the arrival jitter that {@code ArrivalJitter} measures. Packets live in a
 * preallocated {@code PacketRing}; the steady state allocates nothing.
 */
package org.parley.mixer.jitter;
