package org.parley.signaling.meeting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.auth.Role;

/**
 * The names of the listener tiers the mixer encodes ({@code mixer.tiers}, read into a {@link TierSet}),
 * best (highest bitrate) first, and which of them a participant may use under a meeting's tier policy. Signaling names
 * tiers only through this, so a deployment that renames or adds tiers is checked against what the
 * mixer actually encodes.
 *
 * @param names the tier names, best first (by default {@code studio}, {@code standard}, {@code low}, {@code minimal})
 */
public record ListenerTiers(List<String> names) {

    /** The mixer's default tiers: {@code studio}, {@code standard}, {@code low}, {@code minimal}. */
    public static final ListenerTiers DEFAULTS = of(TierSet.defaults());

    public ListenerTiers {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("at least one listener tier is needed");
        }
    }

    /**
     * The tiers of {@code tiers}, highest bitrate first (equal ones in the set's order): the order does
     * not hang on where a configuration file happened to add a tier.
     */
    public static ListenerTiers of(TierSet tiers) {
        List<Tier> byBitrate = new ArrayList<>(tiers.tiers());
        byBitrate.sort(Comparator.comparingInt(Tier::bitrate).reversed());
        List<String> names = new ArrayList<>(byBitrate.size());
        for (Tier tier : byBitrate) {
            names.add(tier.name());
        }
        return new ListenerTiers(names);
    }

    /** The best tier, the one interpreters, chairs and operators may always use ({@link Role#alwaysMayUseBestTier}). */
    public String best() {
        return names.getFirst();
    }

    public boolean contains(String name) {
        return names.contains(name);
    }

    /**
     * What is wrong with {@code policy} as a meeting's tier policy, or null if nothing is: it must name
     * at least one of these tiers, each once, and no other.
     *
     * @param path how the message names the policy, e.g. {@code tierPolicy} or {@code meetings[0].tierPolicy}
     */
    public String problemWith(List<String> policy, String path) {
        if (policy.isEmpty()) {
            return path + ": allow at least one of the tiers " + names;
        }
        for (int i = 0; i < policy.size(); i++) {
            String name = policy.get(i);
            if (!names.contains(name)) {
                return path + "[" + i + "]: \"" + name + "\" is not one of the tiers " + names;
            }
            if (policy.indexOf(name) != i) {
                return path + "[" + i + "]: \"" + name + "\" is listed twice";
            }
        }
        return null;
    }

    /**
     * The tiers {@code role} may subscribe to under {@code policy}, in this set's order: those of the
     * policy this server encodes, plus the best tier for the roles that may always use it. A policy
     * tier the mixer does not encode (a stored meeting from before the tiers were renamed) is left out.
     */
    public List<String> allowed(List<String> policy, Role role) {
        List<String> allowed = new ArrayList<>(names.size());
        for (String name : names) {
            if (policy.contains(name) || (role.alwaysMayUseBestTier() && name.equals(best()))) {
                allowed.add(name);
            }
        }
        return allowed;
    }
}
