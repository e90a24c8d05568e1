package org.parley.media;

/**
 * Settings of the media core.
 *
 * @param bindAddress      local address of the shared UDP socket (e.g. {@code 0.0.0.0} or {@code 127.0.0.1})
 * @param udpPort          the one UDP port every transport shares; 0 picks a free port (tests)
 * @param announcedAddress the address written into ICE candidates; what peers send to
 * @param ioThreads        event loop threads for the UDP socket; 0 means one per core
 */
public record MediaConfig(String bindAddress, int udpPort, String announcedAddress, int ioThreads) {

    public static MediaConfig defaults() {
        return new MediaConfig("0.0.0.0", 10000, "127.0.0.1", 0);
    }

    public MediaConfig withUdpPort(int port) {
        return new MediaConfig(bindAddress, port, announcedAddress, ioThreads);
    }
}
