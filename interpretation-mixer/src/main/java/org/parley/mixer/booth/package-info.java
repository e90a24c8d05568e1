/**
 * Interpreting booths: who may speak into which language channel, and what each booth listens to.
 *
 * <p>A {@link org.parley.mixer.booth.BoothGroup} holds the {@link org.parley.mixer.booth.Booth}s of one
 * meeting, the {@link org.parley.mixer.booth.Interlock} that allows at most one live microphone per
 * outgoing channel, and the {@link org.parley.mixer.booth.RelayGraph} that orders booths so a relay
 * never costs a frame and refuses relay cycles. An {@link org.parley.mixer.booth.Interpreter}'s
 * microphone, push-to-mute and handovers all switch on sample-accurate
 * {@link org.parley.mixer.channel.GainRamp}s. Control calls return a {@link org.parley.mixer.booth.MicResult}
 * or throw a checked {@link org.parley.mixer.booth.RoutingException}; all of it is confined to the tick thread.
 */
package org.parley.mixer.booth;
