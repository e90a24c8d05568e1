// Interpreter console: joins with an interpreter's invitation token and publishes the microphone on a
// sendonly m-line (muted in the booth's channel until `micOn`). It hears the floor voices (publishers
// that are not interpreters), each on its own recvonly m-line, and, while the booth interprets from a
// relay, that language's clean channel at the best tier (studio) on one more m-line with its own volume.
// The booth desk (CONTRACT.md): handover request/accept, take-over, incoming and outgoing channel,
// slow-down and booth-partner chat; the `booths` event says who is live and how many listen. When the
// media or the signaling connection is lost, the console reconnects, off air, and hears the same again.
// Interpreters wear headsets: the microphone goes out without voice processing unless the headset switch
// is turned off. What stops it (no https, microphone refused, no route to the media server) it says in its alert area.
'use strict';

ParleyI18n.ready.then(() => {
  const {element, languageName, errorText} = Parley;
  const {t} = ParleyI18n;

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    problems: document.getElementById('problems'),
    headset: document.getElementById('headset'),
    booth: document.getElementById('booth'),
    onAir: document.getElementById('on-air'),
    partner: document.getElementById('partner'),
    mic: document.getElementById('mic'),
    cough: document.getElementById('cough'),
    refusal: document.getElementById('refusal'),
    bothLive: document.getElementById('both-live'),
    bothLiveText: document.getElementById('both-live-text'),
    takeOver: document.getElementById('take-over'),
    bothLiveCancel: document.getElementById('both-live-cancel'),
    handoverRequest: document.getElementById('handover-request'),
    handoverText: document.getElementById('handover-text'),
    acceptHandover: document.getElementById('accept-handover'),
    requestHandover: document.getElementById('request-handover'),
    slowDown: document.getElementById('slow-down'),
    incoming: document.getElementById('incoming'),
    floorVolume: document.getElementById('floor-volume'),
    relayVolume: document.getElementById('relay-volume'),
    sources: document.getElementById('sources'),
    outgoing: document.getElementById('outgoing'),
    listeners: document.getElementById('listeners'),
    chat: document.getElementById('chat'),
    chatForm: document.getElementById('chat-form'),
    chatText: document.getElementById('chat-text'),
    chatSend: document.getElementById('chat-send'),
    players: document.getElementById('players'),
  };

  const signaling = new Parley.Signaling();
  const queue = new Parley.TaskQueue((err) => setStatus(t('status.error', {reason: errorText(err)})));
  let pc = null;
  let joined = null;
  /** Shown while the meeting is recorded (PROTOCOL.md, `recording`). */
  const recordingIndicator = document.getElementById('recording');
  let reconnector = null;
  let voices = null;
  let relay = null;              // {transceiver, audio, language}: the relay m-line, negotiated at start
  let booth = null;              // this booth's entry of the last `booths` event
  let live = false;
  let coughing = false;
  let coughConfirmed = false;    // what the server last confirmed (`cough` reply)
  let handoverFrom = null;       // {from, fromName} of a pending request to us
  let handoverOnDesk = false;    // whether a `booths` event has shown that request pending
  const chat = [];               // {time, name, text}

  const status = new Parley.StatusLine(ui.status);
  const problems = new Parley.ProblemNotice(ui.problems);
  const headset = new Parley.HeadsetSwitch(ui.headset, 'interpreter', true);
  let hasMicrophone = false;     // false while the browser refuses the microphone: the console only listens

  function setStatus(text) {
    status.show(text);
  }

  function showLive(next) {
    live = next;
    ui.mic.setAttribute('aria-pressed', String(live));
    ui.mic.textContent = live ? t('mic.on') : t('mic.off');
    ui.onAir.dataset.live = String(live);
    ui.onAir.textContent = live ? t('onAir.on') : t('onAir.off');
    ui.cough.disabled = !live;
    if (!live) {
      showCough(false);
    }
    renderBooth();
  }

  function showCough(held) {
    coughing = held;
    ui.cough.setAttribute('aria-pressed', String(held));
    ui.onAir.textContent = !live ? t('onAir.off') : held ? t('onAir.coughing') : t('onAir.on');
  }

  /** The booth partner who is live now, or null. */
  function livePartner() {
    return booth && booth.live && booth.live.participantId !== joined.participantId ? booth.live : null;
  }

  function partners() {
    return booth ? booth.interpreters.filter((interpreter) => interpreter.participantId !== joined.participantId) : [];
  }

  async function toggleMic() {
    ui.refusal.textContent = '';
    const partner = livePartner();
    if (!live && partner) {
      // Two live microphones into one channel are never allowed: say so before anything happens.
      ui.bothLiveText.textContent = t('bothLive.warning', {name: partner.name});
      ui.bothLive.hidden = false;
      ui.takeOver.focus();
      return;
    }
    try {
      const reply = await signaling.request({type: live ? 'micOff' : 'micOn'});
      showLive(reply.status !== 'released');
      setStatus(live ? t('status.live') : t('status.micOff'));
    } catch (err) {
      if (err.code === 'MIC_REFUSED') {
        ui.refusal.textContent = t('refusal.microphone', {reason: errorText(err)});
        return;
      }
      throw err;
    }
  }

  /** Takes the microphone: by accepting a handover, or without asking when the partner is unresponsive. */
  async function takeMicrophone(type) {
    ui.bothLive.hidden = true;
    hideHandoverRequest();
    try {
      const reply = await signaling.request({type});
      showLive(reply.status !== 'released');
      setStatus(live ? t('status.live') : t('status.micOff'));
    } catch (err) {
      ui.refusal.textContent = t('refusal.microphone', {reason: errorText(err)});
    }
  }

  async function cough(held) {
    if (!live || held === coughing) {
      return;
    }
    showCough(held); // at once: the interpreter must see the key act, the reply follows within a frame
    const reply = await signaling.request({type: 'cough', held});
    coughConfirmed = reply.held;
  }

  function onHandoverRequest(message) {
    handoverFrom = message;
    handoverOnDesk = isOfferedToMe(booth && booth.pendingHandover); // the `booths` event may have come first
    ui.handoverText.textContent = t('handover.offered', {name: message.fromName});
    ui.handoverRequest.hidden = false;
    ui.acceptHandover.focus();
  }

  function onMicEvent(message) {
    // The previous holder of a handover or a take-over learns here that it is off air.
    showLive(message.status === 'granted' || message.status === 'already_live');
    setStatus(live ? t('status.live') : t('status.partnerTookOver'));
  }

  function renderBooth() {
    if (!joined) {
      return;
    }
    const others = partners();
    const partner = livePartner();
    ui.partner.textContent = others.length === 0 ? t('partner.none')
        : t('partner.names', {names: ParleyI18n.list(others.map(Parley.interpreterName))});
    ui.partner.dataset.partnerLive = String(!!partner);
    ui.requestHandover.disabled = !live || others.length === 0;
    if (!partner) {
      ui.bothLive.hidden = true;
    }
    ui.listeners.textContent = booth ? String(booth.listeners) : '0';
    if (booth) {
      if (document.activeElement !== ui.incoming) {
        ui.incoming.value = booth.incoming;
      }
      if (document.activeElement !== ui.outgoing) {
        ui.outgoing.value = booth.outgoing;
      }
      followIncoming(booth.incoming);
    }
    ui.outgoing.disabled = live || !!partner;
  }

  /** Hears the relay language's clean channel while the booth interprets from it; nothing on floor. */
  function followIncoming(source) {
    if (!relay || relay.language === source || (source === 'floor' && relay.language === null)) {
      return;
    }
    relay.language = source === 'floor' ? null : source;
    ui.relayVolume.disabled = relay.language === null;
    renderSources();
    // The mid is read in the task: a `booths` event may come while the first offer is still out.
    queue.run(() => source === 'floor'
        ? signaling.request({type: 'unsubscribe', mid: relay.transceiver.mid})
        : signaling.request({type: 'subscribeChannel', mid: relay.transceiver.mid, language: source, variant: 'clean',
          tier: joined.tierPolicy[0]})) // best first: an interpreter may always use the best tier
        .catch((err) => setStatus(t('status.relayFailed', {reason: errorText(err)})));
  }

  function renderSources() {
    const items = voices.list().map((voice) => element('li', Parley.voiceName(voice)));
    if (relay && relay.language) {
      items.push(element('li', t('sources.relay', {language: languageName(relay.language)})));
    }
    if (items.length === 0) {
      items.push(element('li', t('voices.none')));
    }
    ui.sources.replaceChildren(...items);
  }

  function onBooths(message) {
    booth = message.booths.find((entry) => entry.language === joined.booth) || null;
    if (isOfferedToMe(booth && booth.pendingHandover)) {
      handoverOnDesk = true;
    } else if (handoverFrom && handoverOnDesk) {
      // The booth showed the offer and no longer does: the partner went off air or left. (A `booths`
      // event sent before the offer reached the booth says nothing of it, hence handoverOnDesk.)
      setStatus(t('status.handoverWithdrawn', {name: handoverFrom.fromName}));
      hideHandoverRequest();
    }
    renderBooth();
  }

  /** Whether `pending` (a booth's `pendingHandover`) is the offer this console shows. */
  function isOfferedToMe(pending) {
    return !!handoverFrom && !!pending && pending.from === handoverFrom.from && pending.to === joined.participantId;
  }

  function hideHandoverRequest() {
    const focused = ui.handoverRequest.contains(document.activeElement);
    handoverFrom = null;
    ui.handoverRequest.hidden = true;
    if (focused) {
      ui.mic.focus();
    }
  }

  function onChat(message) {
    const line = {time: Parley.clockTime(), name: message.name, text: message.text};
    chat.push(line);
    ui.chat.append(element('li', t('chat.line', line), {dir: 'auto'}));
  }

  async function sendChat() {
    const text = ui.chatText.value.trim();
    if (!text) {
      return;
    }
    await signaling.request({type: 'boothChat', text});
    ui.chatText.value = '';
    onChat({name: t('chat.you'), text});
  }

  async function setChoice(type, field, value, done) {
    try {
      const reply = await signaling.request({type, [field]: value});
      if (booth) {
        booth[reply.type] = reply[field]; // `incoming {source}` or `outgoing {channel}`
      }
      setStatus(done);
      renderBooth();
    } catch (err) {
      setStatus(t('status.refused', {reason: errorText(err)}));
      renderBooth(); // back to what the server says
    }
  }

  function onTrack(event) {
    if (relay && event.transceiver === relay.transceiver) {
      relay.audio.srcObject = new MediaStream([event.track]);
      return;
    }
    voices.play(event);
  }

  function fillLanguages() {
    const others = joined.languages.filter((code) => code !== joined.booth);
    // A relay is another booth's interpretation: only languages with a booth, when the server says which.
    const relays = joined.booths ? others.filter((code) => joined.booths.some((entry) => entry.language === code)) : others;
    ui.incoming.replaceChildren(new Option(t('incoming.floor'), 'floor'),
        ...relays.map((code) => new Option(t('incoming.relay', {language: languageName(code)}), code)));
    ui.outgoing.replaceChildren(new Option(t('outgoing.a', {language: languageName(joined.booth)}), joined.booth),
        ...others.map((code) => new Option(t('outgoing.b', {language: languageName(code)}), code)));
  }

  async function start() {
    signaling.on('producerAdded', (message) => queue.run(() => voices && voices.hear(message)).catch(() => {}));
    signaling.on('producerRemoved', (message) => queue.run(() => voices && voices.forget(message.producerId)).catch(() => {}));
    signaling.on('booths', onBooths);
    signaling.on('handoverRequest', onHandoverRequest);
    signaling.on('mic', onMicEvent);
    signaling.on('boothChat', onChat);
    signaling.on('recording', (message) => Parley.showRecording(recordingIndicator, message));
    joined = await Parley.joinByInvitation(signaling, status, t('status.needsInvitation'), teardown);
    if (joined) {
      Parley.showRecording(recordingIndicator, joined.recording);
    }
    if (!joined) {
      return;
    }
    if (joined.role !== 'interpreter') {
      signaling.close();
      setStatus(t('status.wrongRole', {role: Parley.roleName(joined.role)}));
      return;
    }
    ui.title.textContent = t('headingWithMeeting', {title: joined.title});
    document.title = t('page.titleWithMeeting', {title: joined.title});
    ui.booth.textContent = t('mic.booth', {language: languageName(joined.booth)});
    fillLanguages();
    if (joined.booths) {
      onBooths(joined);
    }
    await queue.run(() => connectMedia(joined.producers));
    setStatus(t('status.joined', {language: languageName(joined.booth)}));
    reconnector = Parley.keepConnected(signaling, status, teardown, (rejoin) => queue.run(() => recover(rejoin)));
  }

  /**
   * A new peer connection: the microphone (off air), the relay m-line and one m-line per floor voice
   * in `producers`; the relay follows the booth's incoming source again.
   */
  async function connectMedia(producers) {
    pc = Parley.newPeerConnection(joined);
    Parley.watchMediaRoute(pc, problems);
    ui.players.replaceChildren();
    voices = new Parley.VoiceReceiver(pc, signaling, ui.players,
        (producer) => producer.participantId !== joined.participantId && producer.role !== 'interpreter');
    voices.onChange = renderSources;
    pc.ontrack = onTrack;
    try {
      await Parley.addMicrophone(pc, headset.worn);
      hasMicrophone = true;
      problems.clear('microphone');
    } catch (err) {
      if (!(err instanceof Parley.MicrophoneError)) {
        throw err;
      }
      hasMicrophone = false;
      problems.show('microphone', err.message);
    }
    const relayAudio = element('audio');
    relayAudio.autoplay = true;
    relayAudio.volume = ui.relayVolume.value / 100;
    ui.players.append(relayAudio);
    relay = {transceiver: pc.addTransceiver('audio', {direction: 'recvonly'}), audio: relayAudio, language: null};
    await Parley.negotiate(pc, signaling);
    for (const control of [ui.mic, ui.slowDown, ui.incoming, ui.outgoing, ui.chatText, ui.chatSend]) {
      control.disabled = false;
    }
    ui.mic.disabled = !hasMicrophone;
    renderBooth(); // the relay follows the booth's incoming source
    renderSources();
    voices.setVolume(ui.floorVolume.value / 100);
    for (const producer of producers) {
      queue.run(() => voices.hear(producer)).catch(() => {});
    }
  }

  /**
   * After a lost connection (see Parley.keepConnected): joins again if the WebSocket went, then a new
   * peer connection hears the same voices and relay. The microphone stays off until the interpreter
   * turns it on: a partner may have taken the booth meanwhile.
   */
  async function recover(rejoin) {
    const heard = voices ? voices.producers() : [];
    pc = Parley.closePeerConnection(pc);
    relay = null;
    if (rejoin) {
      joined = await Parley.rejoin(signaling);
      Parley.showRecording(recordingIndicator, joined.recording);
      if (joined.booths) {
        onBooths(joined);
      }
    }
    await connectMedia(rejoin ? joined.producers : heard);
    setStatus(t('status.reconnectedMicOff'));
  }

  function teardown() {
    pc = Parley.closePeerConnection(pc);
    for (const control of [ui.mic, ui.slowDown, ui.requestHandover, ui.incoming, ui.outgoing, ui.chatText, ui.chatSend]) {
      control.disabled = true;
    }
    showLive(false);
  }

  ui.mic.addEventListener('click', () => queue.run(toggleMic).catch(() => {}));
  headset.onChange = (worn) => queue.run(() => Parley.applyHeadset(pc, worn))
      .catch((err) => problems.show('microphone', err.message));
  Parley.checkSecureContext(problems);
  ui.takeOver.addEventListener('click', () => queue.run(() => takeMicrophone('takeOver')).catch(() => {}));
  ui.bothLiveCancel.addEventListener('click', () => {
    ui.bothLive.hidden = true;
    ui.mic.focus();
  });
  ui.acceptHandover.addEventListener('click', () => queue.run(() => takeMicrophone('acceptHandover')).catch(() => {}));
  ui.requestHandover.addEventListener('click', () => queue.run(async () => {
    try {
      const reply = await signaling.request({type: 'requestHandover'});
      const to = partners().find((other) => other.participantId === reply.to);
      setStatus(to ? t('status.handoverOffered', {name: to.name}) : t('status.handoverOfferedPartner'));
    } catch (err) {
      ui.refusal.textContent = t('refusal.handover', {reason: errorText(err)});
    }
  }).catch(() => {}));
  ui.slowDown.addEventListener('click', () => queue.run(async () => {
    await signaling.request({type: 'slowDown'});
    setStatus(t('status.slowDownSent', {time: Parley.clockTime()}));
  }).catch(() => {}));
  ui.incoming.addEventListener('change', () => queue.run(() => setChoice('setIncoming', 'source', ui.incoming.value,
      t('status.incoming', {source: ui.incoming.selectedOptions[0].textContent}))).catch(() => {}));
  ui.outgoing.addEventListener('change', () => queue.run(() => setChoice('setOutgoing', 'channel', ui.outgoing.value,
      t('status.outgoing', {language: languageName(ui.outgoing.value)}))).catch(() => {}));
  ui.chatForm.addEventListener('submit', (event) => {
    event.preventDefault();
    queue.run(sendChat).catch(() => {});
  });
  ui.cough.addEventListener('pointerdown', (event) => {
    ui.cough.setPointerCapture(event.pointerId);
    cough(true).catch(() => {});
  });
  for (const type of ['pointerup', 'pointercancel', 'lostpointercapture']) {
    ui.cough.addEventListener(type, () => cough(false).catch(() => {}));
  }
  ui.cough.addEventListener('keydown', (event) => {
    if (event.code === 'Space') {
      event.preventDefault(); // held Space repeats: `cough` ignores repeats of the same state
      cough(true).catch(() => {});
    }
  });
  ui.cough.addEventListener('keyup', (event) => {
    if (event.code === 'Space') {
      event.preventDefault();
      cough(false).catch(() => {});
    }
  });
  ui.cough.addEventListener('blur', () => cough(false).catch(() => {}));
  ui.floorVolume.addEventListener('input', () => voices && voices.setVolume(ui.floorVolume.value / 100));
  ui.relayVolume.addEventListener('input', () => {
    if (relay) {
      relay.audio.volume = ui.relayVolume.value / 100;
    }
  });

  /** For tests and debugging. */
  window.parley = {
    state: () => ({status: ui.status.textContent,
      role: joined && joined.role, participantId: joined && joined.participantId,
      booth: joined && joined.booth, live, coughing, coughConfirmed, refusal: ui.refusal.textContent,
      partnerLive: !!(joined && livePartner()), bothLiveWarning: !ui.bothLive.hidden,
      handoverFrom: handoverFrom && handoverFrom.from, incoming: booth && booth.incoming,
      outgoing: booth && booth.outgoing, listeners: booth ? booth.listeners : null, relay: relay && relay.language,
      relayMid: relay && relay.transceiver.mid,
      chat: [...chat], hearing: voices ? voices.list().map((voice) => voice.name) : [],
      connectionState: pc ? pc.connectionState : null,
      headset: headset.worn, microphone: Parley.microphoneSettings(pc), problems: problems.keys(),
      recoveries: reconnector ? reconnector.recoveries : 0}),
    inboundStats: () => Parley.receiveStats(pc).then((stats) => stats.inbound),
    /** Drops the WebSocket as a network failure would (the page is not told it is on purpose). */
    dropSignaling: () => signaling.ws.close(),
    /** Stops sending the microphone's sound (the track sends silence), as if the interpreter fell silent. */
    silenceMicrophone: () => {
      pc.getSenders().forEach((sender) => {
        if (sender.track) {
          sender.track.enabled = false;
        }
      });
    },
  };

  start().catch((err) => {
    teardown();
    setStatus(t('status.couldNotJoin', {reason: errorText(err)}));
  });
});
