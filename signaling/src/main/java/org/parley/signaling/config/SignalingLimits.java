package org.parley.signaling.config;

/**
 * Per-connection limits of the signaling WebSocket.
 *
 * @param messagesPerSecond sustained rate of client messages (token bucket refill rate)
 * @param messageBurst      how many messages a client may send at once (token bucket size)
 */
public record SignalingLimits(double messagesPerSecond, int messageBurst) {
}
