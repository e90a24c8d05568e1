/**
 * Captions, the control-plane side (issue 13): the {@link org.parley.signaling.captions.Caption} segment on
 * the meeting's clock ({@link org.parley.signaling.captions.MeetingClock}), the per-meeting
 * {@link org.parley.signaling.captions.CaptionLog} (partials replaced, finals kept a minute for late joiners
 * and handed to the {@link org.parley.signaling.captions.CaptionArchive}), what languages a client takes
 * ({@link org.parley.signaling.captions.CaptionSubscription}), and the WebVTT, SRT and plain-text exports
 * ({@link org.parley.signaling.captions.CaptionExport}). No media here: speech recognition, when it comes,
 * runs in the mixer and hands its text in as {@link org.parley.signaling.captions.CaptionSource#ASR} segments.
 */
package org.parley.signaling.captions;
