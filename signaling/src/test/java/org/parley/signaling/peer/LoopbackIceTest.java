package org.parley.signaling.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LoopbackIceTest {

    @Test
    void movesIpv4UdpHostCandidatesToLoopbackAndDropsTheRest() {
        String gathered = String.join("\r\n",
                "v=0",
                "m=audio 51865 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 192.0.2.2",
                "a=candidate:1 1 udp 2113937151 192.0.2.2 51865 typ host generation 0 network-cost 999",
                "a=candidate:2 1 udp 2113942271 fd00::2 58181 typ host generation 0 network-cost 999",
                "a=candidate:3 1 tcp 1518214911 192.0.2.2 48803 typ host tcptype passive generation 0",
                "a=candidate:4 1 udp 1686052607 203.0.113.9 40000 typ srflx raddr 192.0.2.2 rport 51865",
                "a=mid:0",
                "");

        assertEquals(String.join("\r\n",
                "v=0",
                "m=audio 51865 UDP/TLS/RTP/SAVPF 111",
                "c=IN IP4 127.0.0.1",
                "a=candidate:1 1 udp 2113937151 127.0.0.1 51865 typ host generation 0 network-cost 999",
                "a=mid:0",
                ""), LoopbackIce.announceOnLoopback(gathered));
    }

    @Test
    void configurationBindsOneUdpSocketToTheAnyAddress() {
        var allocator = LoopbackIce.configuration().portAllocatorConfig;
        assertEquals(true, allocator.isAdapterEnumerationDisabled());
        assertEquals(true, allocator.isTcpDisabled());
    }
}
