// Shared by the delegate page, the interpreter console and the chair console: the signaling connection
// (one WebSocket, requests matched to replies by id, see PROTOCOL.md), SDP negotiation, recovery after a
// lost media or signaling connection, hearing other participants' voices, receive statistics and a
// few display helpers.
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

  /**
   * The page's status line (a polite live region). Once the page's session is over (meeting ended,
   * connection closed) its last word stays: late failures of requests still in flight must not
   * replace "The meeting has ended" with their own errors.
   */
  class StatusLine {
    constructor(element) {
      this.element = element;
      this.final = false;
    }

    show(text) {
      if (!this.final) {
        this.element.textContent = text;
      }
    }

    /** Shows `text` unless the session already ended, and keeps it. */
    finish(text) {
      this.show(text);
      this.final = true;
    }
  }

  /**
   * Joins the meeting of the page's invitation token (`?token=…`): opens `signaling` and sends `join`.
   * Until the page calls `keepConnected`, a lost connection is the status line's last word, after
   * `onEnd` ran; so is the end of the meeting, always. Resolves with the `joined` reply, or null when
   * the address has no token.
   */
  async function joinByInvitation(signaling, status, missingTokenText, onEnd) {
    if (!tokenFromAddress()) {
      status.show(missingTokenText);
      return null;
    }
    status.show('Connecting…');
    signaling.onClose = (event) => {
      onEnd();
      status.finish('Disconnected from the server (' + event.code + ').');
    };
    signaling.on('transportClosed', (message) => status.show('Media connection closed: ' + message.reason));
    signaling.on('meetingEnded', () => status.finish('The meeting has ended.'));
    return rejoin(signaling);
  }

  /** Opens `signaling` (again) and joins with the page's invitation token; resolves with `joined`. */
  async function rejoin(signaling) {
    await signaling.open();
    return signaling.request({type: 'join', token: tokenFromAddress()});
  }

  /** Waits before each reconnection attempt, in milliseconds: doubling up to a cap, then the page gives up. */
  const RECONNECT_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000];

  function sleep(millis) {
    return new Promise((resolve) => setTimeout(resolve, millis));
  }

  /**
   * Brings a joined page back after its media transport closed (`transportClosed`: it is still in the
   * meeting, and its next offer creates a new transport, PROTOCOL.md) or its WebSocket dropped (the
   * server took it out of the meeting: it must join again). Runs `recover(rejoin)` until it succeeds,
   * with growing pauses and a bounded number of attempts, and says in the status line (a live region)
   * what it is doing. `recover` rebuilds the page's peer connection, restores what it listened to and
   * says "Reconnected…"; with `rejoin` true it first calls `Parley.rejoin`. The end of the meeting stops it.
   */
  class Reconnector {
    constructor(status, recover) {
      this.status = status;
      this.recover = recover;
      this.rejoin = false;    // whether the session was lost too, since the last recovery
      this.running = null;
      this.recoveries = 0;    // how many times the page came back, for the page's test hook
    }

    /** Starts recovering, unless it already is; `rejoin` when the WebSocket was lost. */
    start(rejoin) {
      this.rejoin = this.rejoin || rejoin;
      if (!this.running) {
        this.running = this.loop().finally(() => {
          this.running = null;
        });
      }
      return this.running;
    }

    async loop() {
      for (let attempt = 0; attempt < RECONNECT_DELAYS_MS.length && !this.status.final; attempt++) {
        const what = this.rejoin ? 'Connection to the server lost' : 'Audio connection lost';
        this.status.show(what + '. Reconnecting (attempt ' + (attempt + 1) + ' of ' + RECONNECT_DELAYS_MS.length + ')…');
        await sleep(RECONNECT_DELAYS_MS[attempt]);
        if (this.status.final) {
          return;
        }
        const rejoining = this.rejoin;
        try {
          await this.recover(rejoining);
        } catch (err) {
          if (err instanceof SignalingError && err.code !== 'CLOSED') {
            // The server answered and refused (token revoked or expired, meeting over): trying again cannot help.
            this.status.finish('Could not reconnect: ' + (err.detail || err.message));
            return;
          }
          continue;
        }
        if (this.rejoin === rejoining) {
          this.rejoin = false;
          this.recoveries++; // `recover` said so in the status line, with what the page does now
          return;
        }
        attempt = -1; // the WebSocket dropped during the recovery: join again, from the shortest pause
      }
      this.status.finish('Could not reconnect. Reload the page to try again.');
    }
  }

  /**
   * From now on a joined page recovers instead of giving up: `transportClosed` and a dropped WebSocket
   * run `recover` through a `Reconnector`, after `onLost` released what the lost connection held.
   */
  function keepConnected(signaling, status, onLost, recover) {
    const reconnector = new Reconnector(status, recover);
    signaling.onClose = () => {
      onLost();
      if (!status.final) {
        reconnector.start(true);
      }
    };
    signaling.on('transportClosed', () => {
      onLost();
      reconnector.start(false);
    });
    return reconnector;
  }

  /** Posts what is typed in `input` as a final caption each time `form` is submitted (captioner, chair, operator). */
  function postCaptionsFrom(form, input, signaling, status) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        return;
      }
      signaling.request({type: 'caption', text, final: true}).then(() => {
        input.value = '';
        status.show('Caption posted.');
      }, (err) => status.show('Caption refused: ' + (err.detail || err.message)));
    });
  }

  /** Stops what `pc` sends (the microphone is released) and closes it; null, for `pc = closePeerConnection(pc)`. */
  function closePeerConnection(pc) {
    if (pc) {
      pc.getSenders().forEach((sender) => sender.track && sender.track.stop());
      pc.close();
    }
    return null;
  }

  /** Processing off: it would crush a test tone and colours an interpreter's voice. */
  const MICROPHONE_CONSTRAINTS = {echoCancellation: false, noiseSuppression: false, autoGainControl: false};

  /** Asks for the microphone and adds it to `pc` on a sendonly m-line; resolves with the track. */
  async function addMicrophone(pc) {
    const microphone = await navigator.mediaDevices.getUserMedia({audio: MICROPHONE_CONSTRAINTS});
    const [track] = microphone.getAudioTracks();
    pc.addTransceiver(track, {direction: 'sendonly', streams: [microphone]});
    return track;
  }

  /** A language's name in the reader's language with its code, e.g. "French (fr)". */
  function languageName(code) {
    try {
      return new Intl.DisplayNames([navigator.language || 'en'], {type: 'language'}).of(code) + ' (' + code + ')';
    } catch (err) {
      return code;
    }
  }

  /** The wall-clock time of `date` as hours:minutes:seconds, for alerts and chat lines. */
  function clockTime(date = new Date()) {
    return date.toLocaleTimeString([], {hour: '2-digit', minute: '2-digit', second: '2-digit'});
  }

  /** An element with text, for building lists and tables without innerHTML. */
  function element(tag, text, attributes = {}) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) {
      node.textContent = text;
    }
    for (const [name, value] of Object.entries(attributes)) {
      node.setAttribute(name, value);
    }
    return node;
  }

  /**
   * Hears a changing set of other participants' producers, each on its own recvonly m-line, as
   * PROTOCOL.md's complete exchange does: a new producer adds an m-line (one offer); the m-line of a
   * producer that went away is reused for the next one by `subscribe` alone, without renegotiation.
   * It negotiates, so its calls must run on the page's TaskQueue.
   */
  class VoiceReceiver {
    /**
     * @param accepts  which producers (`producerAdded` / `joined.producers` entries) to hear
     * @param container the element that holds the <audio> players
     */
    constructor(pc, signaling, container, accepts) {
      this.pc = pc;
      this.signaling = signaling;
      this.container = container;
      this.accepts = accepts;
      this.voices = new Map();       // producerId -> {producerId, participantId, name, role, mid}
      this.announced = new Map();    // producerId -> producer: every accepted one still there, heard or not
      this.freeMids = [];
      this.transceivers = new Set(); // the m-lines this receiver added
      this.players = new Map();      // mid -> <audio>
      this.volume = 1;
      this.onChange = () => {};
    }

    async hear(producer) {
      if (this.voices.has(producer.producerId) || !this.accepts(producer)) {
        return;
      }
      this.announced.set(producer.producerId, producer);
      if (this.pc.signalingState === 'closed') {
        return; // the page is reconnecting: the receiver of its new peer connection hears it
      }
      let mid = this.freeMids.pop();
      if (mid === undefined) {
        const transceiver = this.pc.addTransceiver('audio', {direction: 'recvonly'});
        this.transceivers.add(transceiver); // before negotiating: the track arrives during it
        await negotiate(this.pc, this.signaling);
        mid = transceiver.mid;
      }
      try {
        await this.signaling.request({type: 'subscribe', mid, producerId: producer.producerId});
      } catch (err) {
        this.freeMids.push(mid); // it went away meanwhile; keep the m-line for the next one
        return;
      }
      this.voices.set(producer.producerId, {...producer, mid});
      this.onChange();
    }

    async forget(producerId) {
      this.announced.delete(producerId);
      const voice = this.voices.get(producerId);
      if (!voice) {
        return;
      }
      this.voices.delete(producerId);
      this.onChange();
      await this.signaling.request({type: 'unsubscribe', mid: voice.mid});
      this.freeMids.push(voice.mid);
    }

    /** Plays `event`'s track if it arrived on one of this receiver's m-lines; false if not its own. */
    play(event) {
      if (!this.transceivers.has(event.transceiver)) {
        return false;
      }
      const mid = event.transceiver.mid;
      let audio = this.players.get(mid);
      if (!audio) {
        audio = element('audio', null, {'data-mid': mid});
        audio.autoplay = true;
        this.container.appendChild(audio);
        this.players.set(mid, audio);
      }
      audio.volume = this.volume;
      audio.srcObject = new MediaStream([event.track]);
      return true;
    }

    setVolume(volume) {
      this.volume = volume;
      this.players.forEach((audio) => {
        audio.volume = volume;
      });
    }

    /** Every accepted producer still in the meeting, heard or not: what a new peer connection's receiver should hear. */
    producers() {
      return [...this.announced.values()];
    }

    /** The voices heard now, in the order they were first heard. */
    list() {
      return [...this.voices.values()];
    }
  }

  return {Signaling, SignalingError, TaskQueue, StatusLine, VoiceReceiver, newPeerConnection, negotiate, addMicrophone,
    joinByInvitation, rejoin, keepConnected, closePeerConnection, postCaptionsFrom, receiveStats, rateQuality, tokenFromAddress, languageName, clockTime, element};
})();
