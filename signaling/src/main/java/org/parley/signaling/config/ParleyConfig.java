package org.parley.signaling.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.media.MediaConfig;

/**
 * Everything a Parley server needs to start. Built by {@link ConfigLoader} from the embedded
 * {@code conf/parley.json}, an optional file and command line overrides.
 */
public record ParleyConfig(HttpConfig http, MediaConfig media, SignalingLimits limits, List<MeetingConfig> meetings,
                           StoreConfig store, AdminConfig admin, AuthConfig auth, MixerConfig mixer, SipConfig sip,
                           Optional<TurnConfig> turn, RecordingConfig recording,
                           WebcastConfig webcast) {

    public ParleyConfig {
        meetings = List.copyOf(meetings);
    }

    /** The embedded defaults, without file or command line. */
    public static ParleyConfig defaults() throws ConfigException {
        return ConfigLoader.load(new String[0], Map.of());
    }

    public ParleyConfig withHttp(HttpConfig newHttp) {
        return new ParleyConfig(newHttp, media, limits, meetings, store, admin, auth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withMedia(MediaConfig newMedia) {
        return new ParleyConfig(http, newMedia, limits, meetings, store, admin, auth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withLimits(SignalingLimits newLimits) {
        return new ParleyConfig(http, media, newLimits, meetings, store, admin, auth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withStore(StoreConfig newStore) {
        return new ParleyConfig(http, media, limits, meetings, newStore, admin, auth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withAdmin(AdminConfig newAdmin) {
        return new ParleyConfig(http, media, limits, meetings, store, newAdmin, auth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withAuth(AuthConfig newAuth) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, newAuth, mixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withMixer(MixerConfig newMixer) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, auth, newMixer, sip, turn, recording, webcast);
    }

    public ParleyConfig withSip(SipConfig newSip) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, auth, mixer, newSip, turn, recording, webcast);
    }

    public ParleyConfig withRecording(RecordingConfig newRecording) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, auth, mixer, sip, turn, newRecording, webcast);
    }

    /** With TURN servers for the web clients, or (empty) without. */
    public ParleyConfig withTurn(Optional<TurnConfig> newTurn) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, auth, mixer, sip, newTurn, recording, webcast);
    }

    public ParleyConfig withWebcast(WebcastConfig newWebcast) {
        return new ParleyConfig(http, media, limits, meetings, store, admin, auth, mixer, sip, turn, recording, newWebcast);
    }
}
