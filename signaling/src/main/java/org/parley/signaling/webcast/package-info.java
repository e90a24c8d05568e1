/**
 * The HLS webcast (RFC 8216) of meetings that have it on: {@link org.parley.signaling.webcast.Webcasts}
 * decides which channels are tapped (the floor and each language, variant {@code mixed}, the
 * configured tier) and when; {@link org.parley.signaling.webcast.WebcastRoute} serves the playlists
 * and segments under {@code /webcast/} from memory with caching headers for a CDN in front. The
 * segments themselves are cut by the mixer module's {@code org.parley.mixer.hls}: this package
 * carries no media, it connects taps and answers HTTP.
 */
package org.parley.signaling.webcast;
