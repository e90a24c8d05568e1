package org.parley.media.transport;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Transports by ICE ufrag (for new addresses) and by remote address (for everything else). */
public final class TransportRegistry {

    private final Map<String, WebRtcTransport> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, WebRtcTransport> byAddress = new ConcurrentHashMap<>();
    private final Map<String, WebRtcTransport> byId = new ConcurrentHashMap<>();

    public void add(WebRtcTransport transport) {
        if (byId.putIfAbsent(transport.id(), transport) != null) {
            throw new IllegalArgumentException("transport id in use: " + transport.id());
        }
        byUfrag.put(transport.iceUfrag(), transport);
    }

    public WebRtcTransport byUfrag(String ufrag) {
        return ufrag == null ? null : byUfrag.get(ufrag);
    }

    public WebRtcTransport byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    public void bindAddress(WebRtcTransport transport, InetSocketAddress address) {
        byAddress.put(address, transport);
    }

    public void remove(WebRtcTransport transport) {
        byId.remove(transport.id(), transport);
        byUfrag.remove(transport.iceUfrag(), transport);
        byAddress.values().removeIf(t -> t == transport);
    }

    public Collection<WebRtcTransport> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }
}
