/**
 * The running audio path of meetings: packets in, encoded channel frames out, on a frame clock.
 *
 * <p>A {@link org.parley.mixer.pipeline.MeetingPipeline} per meeting owns the sources' jitter
 * buffers and decoders, the {@link org.parley.mixer.tick.MeetingMix} and a
 * {@link org.parley.mixer.tier.TieredEncoder} per channel variant. Network threads hand RTP payloads
 * to a source's {@link org.parley.mixer.pipeline.SourceInput} through a lock-free preallocated ring;
 * a {@link org.parley.mixer.pipeline.MixerClock} thread ticks the pipeline every frame period.
 */
package org.parley.mixer.pipeline;
