package org.parley.mixer.booth;

import java.util.List;

/**
 * What removing a booth (its language dropped from a running meeting) did to the meeting's booths.
 *
 * @param language     the removed booth's language, which no longer has a channel
 * @param interpreters the source ids of its interpreters, whose microphones no longer feed any channel
 * @param nowOnFloor   the languages of the booths that relayed the removed channel and listen to the floor now
 * @param retourEnded  the languages of the booths whose retour spoke into the removed channel: they speak into
 *                     their own channel again, with their microphone switched off
 */
public record RemovedBooth(String language, List<String> interpreters, List<String> nowOnFloor,
                           List<String> retourEnded) {

    public RemovedBooth {
        interpreters = List.copyOf(interpreters);
        nowOnFloor = List.copyOf(nowOnFloor);
        retourEnded = List.copyOf(retourEnded);
    }
}
