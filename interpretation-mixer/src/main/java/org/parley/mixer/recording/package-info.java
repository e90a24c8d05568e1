/**
 * Recording of channel streams: a {@link org.parley.mixer.recording.ChannelRecorder} per channel takes
 * the encoded frames on the mixer thread (a copy into a preallocated ring, nothing else), and one
 * {@link org.parley.mixer.recording.RecordingWriter} thread writes them into Ogg Opus files
 * ({@code org.parley.mixer.ogg}), filling gaps with lost-frame packets so the file keeps the meeting's
 * time. What to record, and when, is signaling's decision.
 */
package org.parley.mixer.recording;
