/**
 * Parley signaling: the application server. {@link org.parley.signaling.ParleyServer} runs the media
 * core and one Netty HTTP/WebSocket port that serves the demo app, {@code /health}, {@code /metrics}
 * and the JSON signaling protocol on {@code /ws} (see {@code signaling/PROTOCOL.md}).
 * {@link org.parley.signaling.Main} starts it from the command line.
 */
package org.parley.signaling;
