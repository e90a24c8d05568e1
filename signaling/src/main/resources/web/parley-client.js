// Shared by the delegate page, the interpreter console, the chair console, the demo page and the webcast page
// (its captions): the signaling connection (one WebSocket, requests matched to replies by id, see
// PROTOCOL.md), SDP negotiation with the TURN servers of `joined.iceServers`, recovery after a lost media or
// signaling connection, hearing other participants' voices, the microphone (voice processing by the headset
// switch; plain-language failures), the alerts that say what is wrong (no https, microphone refused, no route
// to the media server), receive statistics and a few display helpers. Every text it shows comes from the
// common message catalogue (i18n.js, loaded before it): the pages call it after `await ParleyI18n.ready`.
// Classic script: defines the global `Parley`, so the pages need no build step and no module loader.
'use strict';

window.Parley = (() => {
  const {t} = ParleyI18n;

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
          reject(new SignalingError('CLOSED', t('error.connectionClosed', {code: event.code})));
        }
        this.pending.clear();
        this.onClose(event);
      };
      return new Promise((resolve, reject) => {
        this.ws.onopen = () => resolve();
        this.ws.onerror = () => reject(new SignalingError('CLOSED', t('error.unreachable')));
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

  /** Error codes whose server message names what the participant needs to know: who holds the microphone, the relay cycle, the limit. */
  const DETAILED_ERRORS = new Set(['BAD_MESSAGE', 'BAD_SDP', 'FORBIDDEN', 'MIC_REFUSED', 'HANDOVER_REFUSED', 'RELAY_CYCLE',
    'LIMIT_EXCEEDED', 'INTERNAL']);

  /**
   * What a failure says to the participant, in the page's language. A server error's `code` is stable
   * (PROTOCOL.md, "Errors") and picks the catalogue's `error.<CODE>` text; its `message` is English, for
   * humans, and follows in parentheses where it names something. `CLOSED` (made here) is already in words.
   */
  function errorText(err) {
    if (err instanceof SignalingError) {
      const key = 'error.' + err.code;
      if (err.code === 'CLOSED' || !ParleyI18n.has(key)) {
        return err.detail;
      }
      return DETAILED_ERRORS.has(err.code) && err.detail ? t('error.withDetail', {text: t(key), detail: err.detail}) : t(key);
    }
    return err && err.message ? err.message : String(err);
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

  /**
   * A peer connection for the page's media. `joined` is the server's `joined` reply: its `iceServers`
   * (TURN servers with this participant's own, expiring credentials; absent when the server has none)
   * let the browser relay through TURN where the network blocks a direct route to the media server.
   */
  function newPeerConnection(joined) {
    return new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require',
      iceServers: (joined && joined.iceServers) || []});
  }

  /**
   * The page's alert area (role="alert"): one plain-language line per current problem, each saying what
   * to do, keyed so that a problem that goes away (the audio connection comes back) removes only its line.
   */
  class ProblemNotice {
    constructor(element) {
      this.element = element;
      this.lines = new Map(); // key -> <p>
    }

    show(key, text) {
      let line = this.lines.get(key);
      if (!line) {
        line = element('p', null, {'data-problem': key});
        this.lines.set(key, line);
        this.element.append(line);
      }
      line.textContent = text;
    }

    clear(key) {
      const line = this.lines.get(key);
      if (line) {
        line.remove();
        this.lines.delete(key);
      }
    }

    /** The keys of the problems shown now, for the pages' test hooks. */
    keys() {
      return [...this.lines.keys()];
    }
  }

  /**
   * Says at once, before anybody presses a microphone button, when this page can never have a microphone:
   * browsers give getUserMedia only to secure contexts (https, or localhost). Listening works regardless.
   */
  function checkSecureContext(notice) {
    if (!window.isSecureContext) {
      notice.show('microphone', t('problem.insecurePage'));
      return false;
    }
    return true;
  }

  /**
   * How long ICE may check before the page says the route looks blocked. A working route connects within a
   * second or two, through TURN too; the server gives up on a transport after 30 s (the page then starts
   * over with a new peer connection, whose ICE never gets as far as 'failed').
   */
  const ROUTE_TIMEOUT_MS = 15000;

  /**
   * Watches `pc`'s ICE connection: when no route to the media server works ('failed', or still checking
   * after ROUTE_TIMEOUT_MS), says so with the ports the server offered (from its candidates in the
   * answer). The line stays through the page's reconnection attempts until a peer connection connects.
   */
  function watchMediaRoute(pc, notice) {
    const blocked = () => notice.show('route', t('problem.noRoute', {routes: describeRoutes(pc)}));
    let timer = null;
    pc.addEventListener('iceconnectionstatechange', () => {
      const state = pc.iceConnectionState;
      if (state === 'checking' && timer === null) {
        timer = setTimeout(() => {
          if (pc.iceConnectionState === 'checking' || pc.iceConnectionState === 'failed') {
            blocked();
          }
        }, ROUTE_TIMEOUT_MS);
      } else if (state === 'failed') {
        blocked();
      } else if (state === 'connected' || state === 'completed') {
        clearTimeout(timer);
        notice.clear('route');
      } else if (state === 'closed') {
        clearTimeout(timer);
      }
    });
  }

  /** "UDP port 10000 to 192.0.2.7 or TCP port 443 to 192.0.2.7": the routes the server's answer offered. */
  function describeRoutes(pc) {
    const sdp = pc.remoteDescription ? pc.remoteDescription.sdp : '';
    const routes = new Set();
    for (const match of sdp.matchAll(/^a=candidate:\S+ \d+ (udp|tcp) \d+ (\S+) (\d+) typ (\S+)/gim)) {
      routes.add(t('problem.route', {protocol: match[1].toUpperCase(), port: match[3], address: match[2]}));
    }
    if (routes.size === 0) {
      return t('problem.routeUnknown');
    }
    try {
      return new Intl.ListFormat(ParleyI18n.lang, {type: 'disjunction'}).format([...routes]);
    } catch (err) {
      return [...routes].join(' / ');
    }
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
      return {rating: 'unknown', text: t('quality.noAudio')};
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
    const figures = {loss: ParleyI18n.number(loss * 100, 1), jitter: ParleyI18n.number(jitterMs)};
    const text = rttMs === undefined ? t('quality.figures', figures)
        : t('quality.figuresWithRtt', {...figures, rtt: ParleyI18n.number(rttMs)});
    return {rating, loss, jitterMs, rttMs, text};
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
   * The `join` request of this page's address: the invitation token (`?token=…`), or, where the page allows a
   * listen-only link, `?meeting=ID&listen`: an anonymous observer (PROTOCOL.md, `listenOnly`). Null if neither.
   */
  function joinRequestFromAddress(listenLink) {
    const params = new URLSearchParams(location.search);
    if (params.get('token')) {
      return {type: 'join', token: params.get('token')};
    }
    if (listenLink && params.has('listen') && params.get('meeting')) {
      return {type: 'join', meeting: params.get('meeting'), listenOnly: true};
    }
    return null;
  }

  /**
   * Joins the meeting of the page's invitation token (`?token=…`), or with `listenLink` of its listen-only
   * link (`?meeting=ID&listen`): opens `signaling` and sends `join`. Until the page calls `keepConnected`, a
   * lost connection is the status line's last word, after `onEnd` ran; so is the end of the meeting, always.
   * Resolves with the `joined` reply, or null when the address has neither.
   */
  async function joinByInvitation(signaling, status, missingTokenText, onEnd, listenLink = false) {
    const request = joinRequestFromAddress(listenLink);
    if (!request) {
      status.show(missingTokenText);
      return null;
    }
    signaling.joinRequest = request; // what `rejoin` sends again
    status.show(t('status.connecting'));
    signaling.onClose = (event) => {
      onEnd();
      status.finish(t('status.disconnected', {code: event.code}));
    };
    signaling.on('transportClosed', (message) => status.show(t('status.mediaClosed', {reason: message.reason})));
    signaling.on('meetingEnded', () => status.finish(t('status.meetingEnded')));
    return rejoin(signaling);
  }

  /** Opens `signaling` (again) and joins as `joinByInvitation` did; resolves with `joined`. */
  async function rejoin(signaling) {
    await signaling.open();
    return signaling.request({...(signaling.joinRequest || {type: 'join', token: tokenFromAddress()})});
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
        const attempts = {attempt: attempt + 1, attempts: RECONNECT_DELAYS_MS.length};
        this.status.show(this.rejoin ? t('status.reconnectingServer', attempts) : t('status.reconnectingAudio', attempts));
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
            this.status.finish(t('status.reconnectRefused', {reason: errorText(err)}));
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
      this.status.finish(t('status.reconnectFailed'));
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
        status.show(t('caption.posted'));
      }, (err) => status.show(t('caption.refused', {reason: errorText(err)})));
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

  /**
   * The browser's voice processing for a microphone: on (echo cancellation, noise suppression, automatic
   * gain) for someone on loudspeakers, who would otherwise send the meeting back into it; off for someone
   * wearing a headset, whose voice then goes out untouched. Interpreters work on headsets (ISO 20109) and
   * keep it off: the processing colours a voice, and crushes a test tone.
   */
  function microphoneConstraints(headset) {
    const processing = !headset;
    return {echoCancellation: processing, noiseSuppression: processing, autoGainControl: processing};
  }

  const PROCESSING = ['echoCancellation', 'noiseSuppression', 'autoGainControl'];

  /** A microphone that cannot be had: the message says why, in plain words, and what to do. */
  class MicrophoneError extends Error {
    constructor(message, cause) {
      super(message);
      this.name = 'MicrophoneError';
      this.cause = cause;
    }
  }

  /** getUserMedia's failure in words a participant can act on (the error names of Media Capture and Streams §9.2). */
  function microphoneProblem(err) {
    switch (err && err.name) {
      case 'NotAllowedError':
      case 'SecurityError':
        return t('problem.microphoneBlocked');
      case 'NotFoundError':
      case 'OverconstrainedError':
        return t('problem.microphoneMissing');
      case 'NotReadableError':
      case 'AbortError':
        return t('problem.microphoneBusy');
      default:
        return t('problem.microphoneFailed', {reason: err && err.message ? err.message : String(err)});
    }
  }

  /** Opens the microphone with `audio` constraints; a failure becomes a MicrophoneError that says what to do. */
  async function openMicrophone(audio) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw new MicrophoneError(window.isSecureContext ? t('problem.microphoneUnsupported') : t('problem.insecurePage'));
    }
    try {
      return await navigator.mediaDevices.getUserMedia({audio});
    } catch (err) {
      throw new MicrophoneError(microphoneProblem(err), err);
    }
  }

  /**
   * Asks for the microphone, with the voice processing `headset` calls for, and adds it to `pc` on a
   * sendonly m-line; resolves with the track, or rejects with a MicrophoneError.
   */
  async function addMicrophone(pc, headset) {
    const microphone = await openMicrophone(microphoneConstraints(headset));
    const [track] = microphone.getAudioTracks();
    pc.addTransceiver(track, {direction: 'sendonly', streams: [microphone]});
    return track;
  }

  /**
   * Gives the microphone `pc` sends the voice processing `headset` calls for, without renegotiating.
   * Chromium keeps a track's processing for the track's life (applyConstraints resolves and changes
   * nothing), so when asking does not do it the microphone is opened again with the new settings and
   * swapped in on the same sender (replaceTrack), muted or not as the old one was. Resolves with the
   * track sent now, or null when `pc` sends no microphone.
   */
  async function applyHeadset(pc, headset) {
    const sender = pc && pc.signalingState !== 'closed'
        ? pc.getSenders().find((candidate) => candidate.track && candidate.track.kind === 'audio') : undefined;
    if (!sender) {
      return null;
    }
    const wanted = microphoneConstraints(headset);
    const current = sender.track;
    const matches = (track) => PROCESSING.every((name) => track.getSettings()[name] === wanted[name]);
    if (matches(current)) {
      return current;
    }
    try {
      await current.applyConstraints(wanted);
    } catch (err) {
      // Refused: open it again below.
    }
    if (matches(current)) {
      return current;
    }
    const {deviceId} = current.getSettings();
    const stream = await openMicrophone(deviceId ? {...wanted, deviceId: {exact: deviceId}} : wanted);
    const [track] = stream.getAudioTracks();
    track.enabled = current.enabled;
    await sender.replaceTrack(track);
    track.enabled = current.enabled; // a click on the microphone button while the swap ran
    current.stop();
    return track;
  }

  /** The microphone's processing now, for the pages' test hooks: {echoCancellation, noiseSuppression, autoGainControl}. */
  function microphoneSettings(pc) {
    const sender = pc ? pc.getSenders().find((candidate) => candidate.track && candidate.track.kind === 'audio') : undefined;
    if (!sender) {
      return null;
    }
    const settings = sender.track.getSettings();
    return Object.fromEntries(PROCESSING.map((name) => [name, settings[name]]));
  }

  function readStorage(key) {
    try {
      return localStorage.getItem(key);
    } catch (err) {
      return null; // storage off (private mode, policy): the page's default applies
    }
  }

  function writeStorage(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (err) {
      // Not remembered, but the switch still works for this visit.
    }
  }

  /**
   * The "I wear a headset" checkbox of a page with a microphone: remembered in this browser per page
   * (`page`: 'delegate', 'chair', 'interpreter', 'demo'), `wornByDefault` the first time.
   * `onChange(worn)` runs when the participant flips it.
   */
  class HeadsetSwitch {
    constructor(checkbox, page, wornByDefault) {
      this.checkbox = checkbox;
      this.key = 'parley.headset.' + page;
      const stored = readStorage(this.key);
      checkbox.checked = stored === null ? wornByDefault : stored === 'true';
      this.onChange = () => {};
      checkbox.addEventListener('change', () => {
        writeStorage(this.key, String(checkbox.checked));
        this.onChange(checkbox.checked);
      });
    }

    get worn() {
      return this.checkbox.checked;
    }
  }

  /** A language's name in the page's language with its code, e.g. "French (fr)" (ParleyI18n.languageName). */
  const languageName = ParleyI18n.languageName;

  /** The wall-clock time of `date` as hours:minutes:seconds, for alerts and chat lines (ParleyI18n.time). */
  const clockTime = ParleyI18n.time;

  /** A role's name (PROTOCOL.md, `join`) in the page's language; a role this page does not know, as the server spells it. */
  function roleName(role) {
    switch (role) {
      case 'delegate': return t('role.delegate');
      case 'chair': return t('role.chair');
      case 'operator': return t('role.operator');
      case 'interpreter': return t('role.interpreter');
      case 'observer': return t('role.observer');
      case 'captioner': return t('role.captioner');
      case 'room-system': return t('role.roomSystem');
      default: return role;
    }
  }

  /** "Ada (delegate)": a voice a console hears (a `VoiceReceiver` entry), with its role when the server said it. */
  function voiceName(voice) {
    return voice.role ? t('person.withRole', {name: voice.name, role: roleName(voice.role)}) : voice.name;
  }

  /** "Camille", "Camille (live)" or "Camille (live, muted)": an interpreter of a `booths` entry. */
  function interpreterName(interpreter) {
    if (!interpreter.live) {
      return interpreter.name;
    }
    return interpreter.coughing ? t('person.liveMuted', {name: interpreter.name}) : t('person.live', {name: interpreter.name});
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

  /**
   * The "recording" indicator every page shows while the meeting is recorded (its participants must be
   * told): `recording` is `joined.recording` or a `recording` event (PROTOCOL.md); without it, hidden.
   */
  function showRecording(indicator, recording) {
    indicator.hidden = !(recording && recording.active);
  }

  return {Signaling, SignalingError, TaskQueue, StatusLine, VoiceReceiver, newPeerConnection, negotiate, addMicrophone,
    MicrophoneError, ProblemNotice, HeadsetSwitch, microphoneConstraints, openMicrophone, applyHeadset, microphoneSettings,
    checkSecureContext, watchMediaRoute, joinByInvitation, rejoin, keepConnected, closePeerConnection, postCaptionsFrom, receiveStats, rateQuality, tokenFromAddress, languageName, clockTime, element, errorText,
    roleName, voiceName, interpreterName, showRecording};
})();
