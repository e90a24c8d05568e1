/**
 * The audio of SIP calls from room systems: plain RTP/AVP (RFC 3550, RFC 3551) with G.711, bridged
 * into a meeting.
 *
 * <p>{@link org.parley.signaling.sip.media.CallAudioFactory} (one per server) opens a
 * {@link org.parley.signaling.sip.media.CallAudio} per call on UDP ports of its own. Uplink: G.711
 * ({@link org.parley.signaling.sip.media.CallCodec}) is decoded, raised to 48 kHz by a polyphase
 * windowed-sinc filter, Opus-encoded and published as a local producer that feeds the floor mix
 * and the SFU. Downlink: a language channel's Opus packets are tapped on the media event loop,
 * decoded on the calls' own event loop, brought down to 8 kHz and sent as 20 ms G.711 packets.
 */
package org.parley.signaling.sip.media;
