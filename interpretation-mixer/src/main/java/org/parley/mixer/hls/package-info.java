/**
 * HLS (RFC 8216) of the language channels: {@link org.parley.mixer.hls.HlsSegmenter} cuts a
 * channel's encoded Opus packets into CMAF segments ({@code org.parley.mixer.fmp4}) at the same
 * places on the meeting's 48 kHz timeline for every language, {@link org.parley.mixer.hls.LiveWindow}
 * keeps the recent ones, {@link org.parley.mixer.hls.HlsPlaylists} writes media and multivariant
 * playlists, {@link org.parley.mixer.hls.HlsTimeline} carries the timeline over a restart of the
 * meeting's mixer. No transcoding: the packets are those the WebRTC listeners of the same tier get.
 */
package org.parley.mixer.hls;
