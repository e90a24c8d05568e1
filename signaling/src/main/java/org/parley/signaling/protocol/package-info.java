/**
 * The JSON signaling protocol: parsing client messages, building server messages, and the per-connection
 * {@link org.parley.signaling.protocol.SignalingSession} that drives meetings and the media core.
 */
package org.parley.signaling.protocol;
