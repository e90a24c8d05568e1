// Shared by the delegate page and the interpreter console: the signaling connection (one WebSocket,
// requests matched to replies by id, see PROTOCOL.md), SDP negotiation and receive statistics.
// Classic script: defines the global `Parley`, so the pages need no build step and no module loader.
'use strict';

window.Parley = (() => {
  /** One signaling WebSocket; `request` resolves with the reply or rejects with the `error`'s code. */
  class Signaling {
    constructor() {
      this.ws = null;
      this.nextId = 1;
      this.pending = new Map();
      this.handlers = new Map();
      this.onClose = () => {};
    }

    open() {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      this.ws = new WebSocket(scheme + '//' + location.host + '/ws');
      this.ws.onmessage = (event) => this.dispatch(JSON.parse(event.data));
      this.ws.onclose = (event) => {
        for (const {reject} of this.pending.values()) {
          reject(new SignalingError('CLOSED', 'connection closed (' + event.code + ')'));
        }
        this.pending.clear();
        this.onClose(event);
      };
      return new Promise((resolve, reject) => {
        this.ws.onopen = () => resolve();
        this.ws.onerror = () => reject(new SignalingError('CLOSED', 'cannot reach the server'));
      });
    }

    /** Calls `handler(message)` for each server event of `type` (messages without a pending id). */
    on(type, handler) {
      this.handlers.set(type, handler);
    }

    request(message) {
      const id = this.nextId++;
      return new Promise((resolve, reject) => {
        this.pending.set(id, {resolve, reject});
        this.ws.send(JSON.stringify({...message, id}));
      });
    }

    dispatch(message) {
      const waiting = message.id != null ? this.pending.get(message.id) : undefined;
      if (waiting) {
        this.pending.delete(message.id);
        if (message.type === 'error') {
          waiting.reject(new SignalingError(message.code, message.message));
        } else {
          waiting.resolve(message);
        }
        return;
      }
      const handler = this.handlers.get(message.type);
      if (handler) {
        handler(message);
      }
    }

    close() {
      if (this.ws) {
        this.ws.onclose = null;
        this.ws.close();
        this.ws = null;
      }
    }
  }

  class SignalingError extends Error {
    constructor(code, message) {
      super(code + ': ' + message);
      this.code = code;
      this.detail = message;
    }
  }

  /** Runs async tasks one after another, so offers and subscriptions never overlap. */
  class TaskQueue {
    constructor(onError) {
      this.tail = Promise.resolve();
      this.onError = onError;
    }

    run(task) {
      const result = this.tail.then(task);
      this.tail = result.catch(this.onError);
      return result;
    }
  }

  function newPeerConnection() {
    return new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
  }

  /** One offer/answer round trip (the server answers every offer). */
  async function negotiate(pc, signaling) {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const answer = await signaling.request({type: 'offer', sdp: offer.sdp});
    await pc.setRemoteDescription({type: 'answer', sdp: answer.sdp});
    return answer;
  }

  /** The inbound-rtp audio reports, plus the selected candidate pair's RTT (seconds) when known. */
  async function receiveStats(pc) {
    const inbound = [];
    let roundTripTime;
    if (!pc) {
      return {inbound, roundTripTime};
    }
    const report = await pc.getStats();
    report.forEach((stats) => {
      if (stats.type === 'inbound-rtp' && stats.kind === 'audio') {
        inbound.push({...stats});
      } else if (stats.type === 'candidate-pair' && stats.nominated && stats.currentRoundTripTime !== undefined) {
        roundTripTime = stats.currentRoundTripTime;
      }
    });
    return {inbound, roundTripTime};
  }

  /**
   * Rates reception from two getStats samples of one inbound stream: loss over the interval, the
   * receiver's jitter estimate (RFC 3550 §6.4.1) and the RTT. Thresholds follow common VoIP practice
   * for Opus: under 2 % loss, 30 ms jitter and 300 ms RTT is good; over 8 %, 80 ms or 600 ms is poor.
   */
  function rateQuality(previous, current, roundTripTime) {
    if (!current || !current.packetsReceived) {
      return {rating: 'unknown', text: 'no audio yet'};
    }
    const received = current.packetsReceived - (previous ? previous.packetsReceived : 0);
    const lost = Math.max(0, (current.packetsLost || 0) - (previous ? previous.packetsLost || 0 : 0));
    const loss = received + lost > 0 ? lost / (received + lost) : 0;
    const jitterMs = (current.jitter || 0) * 1000;
    const rttMs = roundTripTime === undefined ? undefined : roundTripTime * 1000;
    let rating = 'good';
    if (loss > 0.08 || jitterMs > 80 || (rttMs !== undefined && rttMs > 600)) {
      rating = 'poor';
    } else if (loss > 0.02 || jitterMs > 30 || (rttMs !== undefined && rttMs > 300)) {
      rating = 'fair';
    }
    const parts = ['loss ' + (loss * 100).toFixed(1) + ' %', 'jitter ' + jitterMs.toFixed(0) + ' ms'];
    if (rttMs !== undefined) {
      parts.push('RTT ' + rttMs.toFixed(0) + ' ms');
    }
    return {rating, loss, jitterMs, rttMs, text: parts.join(', ')};
  }

  /** The invitation token of this page's address (`?token=…`), or null. */
  function tokenFromAddress() {
    return new URLSearchParams(location.search).get('token');
  }

  return {Signaling, SignalingError, TaskQueue, newPeerConnection, negotiate, receiveStats, rateQuality, tokenFromAddress};
})();
