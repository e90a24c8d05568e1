package org.parley.signaling.meeting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.RateMode;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.auth.Role;

class ListenerTiersTest {

    private static final Tier HIFI = new Tier("hifi", Bandwidth.FULLBAND, 64_000, 20, false, 0, false,
            Application.AUDIO, RateMode.CBR, 6);

    @Test
    void theMixersTiersHighestBitrateFirstWhereverTheyWereConfigured() {
        assertEquals(List.of("studio", "standard", "low", "minimal"), ListenerTiers.DEFAULTS.names());
        ListenerTiers renamed = ListenerTiers.of(TierSet.of(List.of(TierSet.LOW, TierSet.STANDARD, HIFI)));

        assertEquals(List.of("hifi", "standard", "low"), renamed.names());
        assertEquals("hifi", renamed.best());
    }

    @Test
    void interpretersChairsAndOperatorsMayAlsoUseTheBestTier() {
        ListenerTiers tiers = ListenerTiers.DEFAULTS;
        List<String> policy = List.of("minimal", "standard");

        assertEquals(List.of("standard", "minimal"), tiers.allowed(policy, Role.DELEGATE), "in the tiers' order");
        for (Role role : List.of(Role.INTERPRETER, Role.CHAIR, Role.OPERATOR)) {
            assertEquals(List.of("studio", "standard", "minimal"), tiers.allowed(policy, role), role.wireName());
        }
        assertEquals(List.of("standard"), tiers.allowed(List.of("standard", "ultra"), Role.OBSERVER),
                "a stored tier the mixer no longer encodes is left out");
    }

    @Test
    void aPolicyNamesSomeOfTheTiersEachOnce() {
        ListenerTiers tiers = ListenerTiers.DEFAULTS;

        assertNull(tiers.problemWith(List.of("low", "studio"), "tierPolicy"));
        assertEquals("tierPolicy: allow at least one of the tiers [studio, standard, low, minimal]",
                tiers.problemWith(List.of(), "tierPolicy"));
        assertEquals("p[1]: \"ultra\" is not one of the tiers [studio, standard, low, minimal]",
                tiers.problemWith(List.of("low", "ultra"), "p"));
        assertEquals("p[2]: \"low\" is listed twice", tiers.problemWith(List.of("low", "studio", "low"), "p"));
    }
}
