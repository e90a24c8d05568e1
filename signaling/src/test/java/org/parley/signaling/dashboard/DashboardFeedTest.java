package org.parley.signaling.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.FixedMedia;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.MediaRoute;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.protocol.LinkGrade;
import org.parley.signaling.meeting.TransportKind;
import org.parley.signaling.turn.TurnRelays;
import org.parley.signaling.config.TurnConfig;
import java.time.Duration;

/** The feed's alerts, media paths, histories and silent booths, ticked by the test. */
class DashboardFeedTest {

    private static final MeetingEvents NOBODY = new MeetingEvents() { };
    private static final TransportQuality CLEAN = new TransportQuality(20, 0, 2, 0, 3);
    private static final TransportQuality LOSSY = new TransportQuality(20, 15, 2, 0, 3);

    private final MeetingRegistry registry = new MeetingRegistry(List.of(), ListenerTiers.DEFAULTS);
    private final Meeting meeting = new Meeting("council", "Council", List.of("en", "fr"), false, FloorMode.CHAIRED,
            "en", ListenerTiers.DEFAULTS, ListenerTiers.DEFAULTS.names());

    DashboardFeedTest() {
        registry.add(meeting);
    }

    private DashboardFeed feed(TurnRelays relays) {
        return new DashboardFeed(registry, Optional.empty(), meetingId -> List.of(), relays, null,
                Clock.fixed(Instant.parse("2026-03-01T09:00:00Z"), ZoneOffset.UTC), 3);
    }

    private FixedMedia join(String name) {
        Participant participant = meeting.join(name, Role.DELEGATE, null, NOBODY, self -> { });
        FixedMedia media = new FixedMedia();
        media.quality = CLEAN;
        participant.setMedia(media);
        return media;
    }

    @Test
    void aLinkTurningPoorIsAlertedOnceAndAgainOnlyAfterAMinute() {
        DashboardFeed feed = feed(TurnRelays.NONE);
        FixedMedia ada = join("Ada");
        join("Bo");
        feed.sample();
        ada.quality = LOSSY;
        for (int i = 0; i < 5; i++) {
            feed.sample();
        }
        List<DashboardAlert> alerts = feed.alertsAfter(0, feed.latest());
        assertEquals(1, alerts.size(), "one alert while it stays poor");
        assertEquals(DashboardAlert.Kind.LINK_POOR, alerts.getFirst().kind());
        assertEquals("Ada", alerts.getFirst().name());
        assertEquals(15, alerts.getFirst().value(), 0.01);
        assertEquals("linkPoor", alerts.getFirst().kind().wireName());

        ada.quality = CLEAN;
        feed.sample();
        ada.quality = LOSSY;
        feed.sample();
        assertEquals(1, feed.alertsAfter(0, feed.latest()).size(), "flapping within a minute is not alerted again");
        for (int i = 0; i < DashboardFeed.LINK_ALERT_REPEAT_SECONDS; i++) {
            ada.quality = i % 2 == 0 ? CLEAN : LOSSY;
            feed.sample();
        }
        assertEquals(2, feed.alertsAfter(0, feed.latest()).size(), "a minute later it is");

        ParticipantSnapshot snapshot = feed.latest().meetings().getFirst().participants().getFirst();
        assertEquals(LinkGrade.POOR, snapshot.grade());
        assertTrue(snapshot.score().mos() < 3.1, "15 % loss: " + snapshot.score());
    }

    @Test
    void namesTheMediaPathAndRelayedMediaAsTurn() throws Exception {
        DashboardFeed feed = feed(TurnRelays.resolve(Optional.of(
                new TurnConfig(List.of("turn:192.0.2.9:3478"), "secret", Duration.ofHours(1)))));
        FixedMedia direct = join("Direct");
        FixedMedia relayed = join("Relayed");
        FixedMedia tcp = join("Tcp");
        FixedMedia room = join("Room");
        join("Nothing yet");
        direct.route = new MediaRoute(MediaRoute.Kind.UDP, new InetSocketAddress("198.51.100.4", 50_000));
        relayed.route = new MediaRoute(MediaRoute.Kind.UDP, new InetSocketAddress("192.0.2.9", 49_200));
        tcp.route = new MediaRoute(MediaRoute.Kind.TCP, new InetSocketAddress("198.51.100.5", 40_000));
        room.route = new MediaRoute(MediaRoute.Kind.SIP, new InetSocketAddress("198.51.100.6", 5060));
        feed.sample();
        List<TransportKind> kinds = feed.latest().meetings().getFirst().participants().stream()
                .map(ParticipantSnapshot::transport).toList();
        assertEquals(List.of(TransportKind.UDP, TransportKind.TURN, TransportKind.TCP, TransportKind.SIP,
                TransportKind.NONE), kinds);
    }

    @Test
    void aParticipantWhoLeavesTakesItsHistoryAlong() {
        DashboardFeed feed = feed(TurnRelays.NONE);
        join("Ada");
        feed.sample();
        Participant ada = meeting.participants().getFirst();
        assertEquals(0, feed.history(ada.id()).lastTick());
        meeting.leave(ada);
        feed.sample();
        assertNull(feed.history(ada.id()), "no memory kept for those who left");
    }

    @Test
    void aSilentBoothIsAlertedOncePerSpell() {
        BoothSilence silence = new BoothSilence();
        assertFalse(silence.firstAlert("m/fr", false), "speaking");
        assertTrue(silence.firstAlert("m/fr", true));
        assertFalse(silence.firstAlert("m/fr", true), "one alert per silent spell");
        assertFalse(silence.firstAlert("m/fr", false), "sound again");
        assertTrue(silence.firstAlert("m/fr", true), "a new spell may be alerted");
        silence.retain(Set.of());
        assertTrue(silence.firstAlert("m/fr", true), "a booth forgotten and live again is alerted afresh");
    }

}
