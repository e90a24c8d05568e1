/**
 * The estimated speech quality of a participant's link: a simplified ITU-T G.107 E-model
 * ({@link org.parley.media.quality.EModel}) rating R and its MOS
 * ({@link org.parley.media.quality.QualityScore}), computed per RTCP interval from loss, jitter and
 * round-trip time in both directions ({@link org.parley.media.quality.QualityEstimator}), with loss
 * counted against what the sender actually sent and weighted for DTX
 * ({@link org.parley.media.quality.StreamLoss}). No Netty, no RTCP parsing: callers (the WebRTC
 * transport's RTCP handler, a SIP call's audio) feed it numbers. Nothing is allocated per packet.
 */
package org.parley.media.quality;
