package org.parley.mixer.booth;

/** What a booth listens to (ISO 20109 incoming channel selection): the floor or another language's channel. */
public sealed interface IncomingSource {

    /** The original speech. */
    IncomingSource FLOOR = new Floor();

    /** The channel of {@code language} (relay / pivot interpretation). */
    static IncomingSource relay(String language) {
        return new Relay(language);
    }

    /** Listening to the floor. */
    record Floor() implements IncomingSource {
        @Override
        public String toString() {
            return "floor";
        }
    }

    /** Listening to the {@code language} channel. */
    record Relay(String language) implements IncomingSource {
        public Relay {
            if (language == null || language.isEmpty()) {
                throw new IllegalArgumentException("relay language is required");
            }
        }

        @Override
        public String toString() {
            return "relay " + language;
        }
    }
}
