/**
 * Recording per language: a meeting's recording is started and stopped by its chair or operator (the
 * protocol's {@code startRecording}/{@code stopRecording}) or through the provisioning API; every
 * participant is told ({@code recording} event). {@link org.parley.signaling.recording.MeetingRecordings}
 * taps each language channel's and the floor's {@code mixed} stream and hands the frames to the mixer
 * module's recorders ({@code org.parley.mixer.recording}), which write the Ogg Opus files: this package
 * decides and keeps the metadata, the media plane writes.
 */
package org.parley.signaling.recording;
