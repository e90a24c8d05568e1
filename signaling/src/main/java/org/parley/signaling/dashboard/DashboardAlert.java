package org.parley.signaling.dashboard;

import java.util.Locale;

/**
 * Something an operator should look at, raised by the feed when it happens.
 *
 * @param sequence      its number: alerts are numbered from 1 in the order they were raised
 * @param epochSecond   when, Unix seconds
 * @param meetingId     the meeting
 * @param kind          what happened
 * @param participantId who it is about, or null (a mixer alert)
 * @param name          that participant's name, or null
 * @param language      the booth it is about, or null
 * @param value         a figure: the loss in percent ({@link Kind#LINK_POOR}), the seconds of silence
 *                      ({@link Kind#BOOTH_SILENT}), the overruns since the last such alert
 *                      ({@link Kind#MIXER_OVERRUNS})
 */
public record DashboardAlert(long sequence, long epochSecond, String meetingId, Kind kind, String participantId,
                             String name, String language, double value) {

    /** The alerts the feed raises. */
    public enum Kind {
        /** A participant's link grade became poor ({@link org.parley.signaling.protocol.LinkGrade#POOR}). */
        LINK_POOR,
        /** A booth's live microphone has carried no sound for the silent-booth threshold. */
        BOOTH_SILENT,
        /** The meeting's mixer took longer than a frame for some ticks: listeners hear gaps. */
        MIXER_OVERRUNS;

        /** The name on the wire: {@code linkPoor}, {@code boothSilent}, {@code mixerOverruns}. */
        public String wireName() {
            String[] words = name().toLowerCase(Locale.ROOT).split("_");
            StringBuilder camel = new StringBuilder(words[0]);
            for (int i = 1; i < words.length; i++) {
                camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
            }
            return camel.toString();
        }
    }
}
