// Delegate page: joins with the invitation token of its address and listens to one interpretation
// channel. Two recvonly m-lines are negotiated once: the channel, and the floor (`subscribeChannel`
// language "floor"). With enough bandwidth the channel is the interpreter alone (`clean`) and the page
// mixes the floor under it, at the listener's chosen level. In low-bandwidth mode
// the floor m-line stops and the channel becomes one `mixed` stream at `low` or `minimal` tier (the
// server puts the floor 15 dB under). Every switch is a `subscribeChannel` on an existing mid: the
// server switches the stream without renegotiation. The connection menu offers the tiers the meeting
// allows this participant (`joined.tierPolicy`, then `tierPolicy` events), and "Automatic" (tier
// `auto`: the server moves the channel down and up the tiers as the link loses packets, telling the
// page with `tierChanged`; the page goes to one stream when that is a weak-link tier). A delegate may raise its
// hand; its microphone is published the first time it is turned on, and works only while the floor is
// granted (CONTRACT.md), with voice processing on unless the listener says it wears a headset. When the
// media or the signaling connection is lost, the page reconnects and follows the same language and tier
// again. What stops it (no https, microphone refused, no route to the media server) it says in its alert area.
// An observer (an observer's invitation, or the listen-only link `delegate.html?meeting=ID&listen` of a meeting
// that admits anonymous observers) listens on one m-line: the channel `mixed` (the server puts the floor
// under), no floor line, no hand, no microphone; it is told nothing of the floor or who is in the meeting.
// The channel (which language the listener hears) is not the page's language (ParleyI18n, its own switch):
// a French-speaking delegate may read the page in French and listen to the English floor. The channel starts
// on the page's language when the meeting has that channel, else on the meeting's first language.
'use strict';

ParleyI18n.ready.then(() => {
  const {element, languageName, errorText} = Parley;
  const {t} = ParleyI18n;
  const QUALITY_LABELS = {unknown: t('quality.unknown'), good: t('quality.good'), fair: t('quality.fair'),
    poor: t('quality.poor')};
  const FLOOR = 'floor';
  const MAX_CAPTIONS = 50;
  /** Roles that may publish but never hold the floor as a delegate does. */
  const LISTEN_ONLY = new Set(['observer', 'captioner']);
  /** How the connection menu names the usual tiers; a tier a deployment adds is shown by its name. */
  const TIER_LABELS = {studio: t('tier.studio'), standard: t('tier.standard'), low: t('tier.low'), minimal: t('tier.minimal')};
  /** Tiers for weak links: one stream the server mixes, instead of the interpretation and the floor. */
  const ONE_STREAM_TIERS = new Set(['low', 'minimal']);
  /** The tier selected at first when the meeting allows it and "Automatic" is not offered; otherwise its best allowed tier. */
  const PREFERRED_TIER = 'standard';
  /** The server picks the tier from the link; offered (and selected at first) when it has these to pick from. */
  const AUTO = 'auto';
  const AUTO_LADDER = ['standard', 'low', 'minimal'];

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    problems: document.getElementById('problems'),
    headset: document.getElementById('headset'),
    form: document.getElementById('channel-form'),
    language: document.getElementById('language'),
    volume: document.getElementById('volume'),
    floorVolume: document.getElementById('floor-volume'),
    floorVolumeNote: document.getElementById('floor-volume-note'),
    bandwidth: document.getElementById('bandwidth'),
    raiseHand: document.getElementById('raise-hand'),
    mic: document.getElementById('mic'),
    speakNote: document.getElementById('speak-note'),
    floorSpeakers: document.getElementById('floor-speakers'),
    captions: document.getElementById('captions'),
    captionPending: document.getElementById('caption-pending'),
    captionForm: document.getElementById('caption-form'),
    captionText: document.getElementById('caption-text'),
    quality: document.getElementById('quality'),
    qualityDetail: document.getElementById('quality-detail'),
    player: document.getElementById('player'),
  };

  const signaling = new Parley.Signaling();
  const queue = new Parley.TaskQueue((err) => setStatus(t('status.error', {reason: errorText(err)})));
  let pc = null;
  let joined = null;
  /** Shown while the meeting is recorded (PROTOCOL.md, `recording`). */
  const recordingIndicator = document.getElementById('recording');
  let reconnector = null;
  let mixer = null;
  let channelLine = null;    // {transceiver, producerId}: what the listener hears
  let floorLine = null;      // {transceiver, producerId}: the floor under a clean channel, or idle
  let floorChannel = true;   // false once the server refused language "floor" (it has no floor channel)
  let autoTier = null;       // with "Automatic": the tier the server has the channel on now
  let listening = '';        // what the status line says the listener hears
  let floor = {control: 'unknown', speakers: [], hands: []};
  let granted = false;       // whether the chair has given us the floor
  let microphone = null;     // the published track, after the first "microphone on"
  let lastInbound = null;
  let quality = {rating: 'unknown', text: t('quality.noAudio')};
  const captions = [];       // final captions, oldest first: {name, text, language}

  const status = new Parley.StatusLine(ui.status);
  const problems = new Parley.ProblemNotice(ui.problems);
  const headset = new Parley.HeadsetSwitch(ui.headset, 'delegate', false);

  function setStatus(text) {
    status.show(text);
  }

  /**
   * Plays the two m-lines, each on its own <audio> element, and mixes them by element volume: the
   * channel at the listener's volume, the floor at that times the floor level. (Chromium hands a remote
   * WebRTC track to Web Audio only while a media element plays it, and a muted element silences it for
   * getStats too, so a Web Audio graph would add a second path without adding control.)
   */
  class Mixer {
    constructor() {
      this.players = new Map(); // transceiver -> <audio>
      this.volume = 1;
      this.levels = new Map();  // transceiver -> relative level, 0 to 1
    }

    play(transceiver, track) {
      let audio = this.players.get(transceiver);
      if (!audio) {
        audio = element('audio');
        audio.autoplay = true;
        ui.player.append(audio);
        this.players.set(transceiver, audio);
      }
      audio.srcObject = new MediaStream([track]);
      this.apply();
    }

    setVolume(volume) {
      this.volume = volume;
      this.apply();
    }

    /** Forgets the players of a closed peer connection. */
    reset() {
      this.players.forEach((audio) => audio.remove());
      this.players.clear();
      this.levels.clear();
    }

    setLevel(transceiver, level) {
      this.levels.set(transceiver, level);
      this.apply();
    }

    apply() {
      this.players.forEach((audio, transceiver) => {
        audio.volume = this.volume * (this.levels.has(transceiver) ? this.levels.get(transceiver) : 1);
      });
    }
  }

  function selection() {
    return {language: ui.language.value, tier: ui.bandwidth.value};
  }

  /** The tier the channel is on: the selected one, or with "Automatic" the one the server picked. */
  function currentTier(tier) {
    return tier === AUTO ? autoTier || PREFERRED_TIER : tier;
  }

  /** What each m-line should carry for the listener's choice, and why the floor slider is off if it is. */
  function plan({language, tier}) {
    if (observer()) {
      return {channel: {language, variant: language === FLOOR ? 'clean' : 'mixed', tier}, floor: null,
        reason: language === FLOOR ? t('channel.reasonOriginal') : t('channel.reasonListenOnly')};
    }
    if (language === FLOOR) {
      return {channel: {language, variant: 'clean', tier}, floor: null, reason: t('channel.reasonOriginal')};
    }
    if (ONE_STREAM_TIERS.has(currentTier(tier))) {
      return {channel: {language, variant: 'mixed', tier}, floor: null, reason: t('channel.reasonWeakLink')};
    }
    if (!floorChannel) {
      return {channel: {language, variant: 'mixed', tier}, floor: null, reason: t('channel.reasonServerMix')};
    }
    return {channel: {language, variant: 'clean', tier}, floor: {language: FLOOR, variant: 'clean', tier}, reason: null};
  }

  /** Whether we listen only on one m-line (an observer: PROTOCOL.md, observers get one recvonly line). */
  function observer() {
    return !!joined && joined.role === 'observer';
  }

  async function subscribeLine(line, wanted) {
    if (!line) {
      return; // an observer has no floor line
    }
    const mid = line.transceiver.mid;
    if (wanted) {
      const subscribed = await signaling.request({type: 'subscribeChannel', mid, ...wanted});
      line.producerId = subscribed.producerId;
      if (line === channelLine) {
        autoTier = subscribed.auto ? subscribed.tier : null;
      }
    } else if (line.producerId) {
      await signaling.request({type: 'unsubscribe', mid});
      line.producerId = null;
    }
  }

  /** @param notice what the status line says first, e.g. why the tier changed */
  async function follow(notice = '') {
    const wanted = selection();
    let route = plan(wanted);
    try {
      await subscribeLine(channelLine, route.channel);
    } catch (err) {
      if (err.code !== 'FORBIDDEN') {
        throw err;
      }
      const refused = ui.bandwidth.selectedOptions[0].textContent;
      refuseTier(err);
      return follow(t('channel.tierRefused', {tier: refused}));
    }
    try {
      await subscribeLine(floorLine, route.floor);
    } catch (err) {
      if (err.code !== 'UNKNOWN_LANGUAGE') {
        throw err;
      }
      floorChannel = false; // an older server: no floor channel; the server-mixed variant instead
      ui.language.querySelector('option[value="floor"]')?.remove();
      route = plan(wanted);
      await subscribeLine(channelLine, route.channel);
    }
    showFloorSlider(route.reason);
    const name = ui.language.selectedOptions[0].textContent;
    listening = route.floor ? t('status.listeningWithOriginal', {language: name}) : t('status.listening', {language: name});
    setStatus(ParleyI18n.sentences(notice, listening, tierNote(wanted.tier)));
  }

  /** The status line's word on the connection: the tier the server picked with "Automatic", another than the usual one. */
  function tierNote(tier) {
    const inSentence = (label) => label.toLocaleLowerCase(ParleyI18n.lang); // menu labels are capitalised
    if (tier === AUTO) {
      return t('status.tierAutomatic', {tier: inSentence(TIER_LABELS[autoTier] || autoTier)});
    }
    return tier !== PREFERRED_TIER ? t('status.tier', {tier: inSentence(ui.bandwidth.selectedOptions[0].textContent)}) : '';
  }

  /**
   * With "Automatic", the server moved the channel to another tier: to or from a weak-link tier the
   * page changes between one mixed stream and the interpretation with the floor under it.
   */
  async function onTierChanged(message) {
    if (!channelLine || message.mid !== channelLine.transceiver.mid || ui.bandwidth.value !== AUTO) {
      return; // the floor line's own moves, or a change that crossed the listener's own choice
    }
    const oneStreamBefore = ONE_STREAM_TIERS.has(autoTier);
    autoTier = message.tier;
    channelLine.producerId = message.producerId;
    const notice = message.lossPercent >= 8 ? t('status.tierDown') : t('status.tierUp');
    if (ONE_STREAM_TIERS.has(autoTier) !== oneStreamBefore) {
      await follow(notice);
    } else {
      setStatus(ParleyI18n.sentences(notice, listening, tierNote(AUTO)));
    }
  }

  /**
   * Offers `tiers` (best first) in the connection menu, keeping the listener's choice if it is still
   * allowed, else the preferred tier or the best one. Returns whether the selected tier changed.
   */
  function offerTiers(tiers) {
    const before = ui.bandwidth.value;
    const auto = AUTO_LADDER.filter((tier) => tiers.includes(tier)).length >= 2;
    ui.bandwidth.replaceChildren(...(auto ? [new Option(t('tier.auto'), AUTO)] : []),
        ...tiers.map((tier) => new Option(TIER_LABELS[tier] || tier, tier)));
    const offered = [...ui.bandwidth.options].map((option) => option.value);
    ui.bandwidth.value = offered.includes(before) ? before : auto ? AUTO
        : tiers.includes(PREFERRED_TIER) ? PREFERRED_TIER : tiers[0];
    return ui.bandwidth.value !== before;
  }

  /** The meeting changed the tiers we may use: if ours went, follow the one now selected. */
  async function onTierPolicy(message) {
    if (offerTiers(message.tiers) && pc) {
      await follow(t('status.tierWithdrawn'));
    }
  }

  /**
   * The server refused the selected tier: a change of the meeting's tier policy crossed our request
   * (its `tierPolicy` event follows). The option is disabled and the next one left is selected.
   */
  function refuseTier(err) {
    const option = ui.bandwidth.selectedOptions[0];
    option.disabled = true;
    option.textContent = t('tier.notAllowed', {tier: option.textContent});
    const next = [...ui.bandwidth.options].find((candidate) => !candidate.disabled);
    if (!next) {
      throw err;
    }
    ui.bandwidth.value = next.value;
  }

  function showFloorSlider(reason) {
    ui.floorVolume.disabled = reason !== null;
    ui.floorVolumeNote.textContent = reason === null ? t('channel.floorVolumeNote') : t('channel.unavailable', {reason});
    applyLevels();
  }

  function applyLevels() {
    // The floor carries the delegate's own voice, a moment late: while its microphone is on, the page
    // mutes what carries the floor, as a conference unit mutes its loudspeaker.
    const speaking = !!microphone && microphone.enabled;
    mixer.setVolume(ui.volume.value / 100);
    if (floorLine) {
      mixer.setLevel(floorLine.transceiver, floorLine.producerId && !speaking ? ui.floorVolume.value / 100 : 0);
    }
    mixer.setLevel(channelLine.transceiver, speaking && ui.language.value === FLOOR ? 0 : 1);
  }

  // --- Floor: hand, microphone -------------------------------------------------------------------

  function isMe(entry) {
    return entry.participantId === joined.participantId;
  }

  function hasFloor() {
    return floor.control === 'open' || floor.speakers.some(isMe);
  }

  function onFloor(message) {
    const hadFloor = granted;
    floor = message;
    granted = floor.speakers.some(isMe);
    const raised = floor.hands.some(isMe);
    ui.raiseHand.setAttribute('aria-pressed', String(raised));
    ui.raiseHand.textContent = raised ? t('hand.lower') : t('hand.raise');
    ui.floorSpeakers.textContent = floor.speakers.length === 0 ? t('speak.nobody') : t('speak.speakers',
        {names: ParleyI18n.list(floor.speakers.map((speaker) => isMe(speaker) ? t('speak.you') : speaker.name))});
    if (granted && !hadFloor) {
      ui.speakNote.textContent = t('speak.granted');
    } else if (!granted && hadFloor) {
      setMicrophone(false);
      ui.speakNote.textContent = t('speak.revoked');
    } else if (raised) {
      ui.speakNote.textContent = t('speak.handRaised', {position: floor.hands.findIndex(isMe) + 1});
    } else if (floor.control === 'open') {
      ui.speakNote.textContent = t('speak.open');
    }
    ui.mic.disabled = !pc || !hasFloor();
  }

  async function toggleHand() {
    const raised = ui.raiseHand.getAttribute('aria-pressed') !== 'true';
    const reply = await signaling.request({type: 'raiseHand', raised});
    ui.raiseHand.setAttribute('aria-pressed', String(reply.raised));
    ui.raiseHand.textContent = reply.raised ? t('hand.lower') : t('hand.raise');
  }

  function setMicrophone(on) {
    if (microphone) {
      microphone.enabled = on;
    }
    ui.mic.setAttribute('aria-pressed', String(on && !!microphone));
    ui.mic.textContent = on && microphone ? t('mic.on') : t('mic.off');
    applyLevels();
  }

  async function toggleMic() {
    if (!hasFloor()) {
      return;
    }
    if (!microphone) {
      try {
        microphone = await Parley.addMicrophone(pc, headset.worn); // published on first use: a listener is never asked
      } catch (err) {
        if (!(err instanceof Parley.MicrophoneError)) {
          throw err;
        }
        problems.show('microphone', err.message);
        return;
      }
      problems.clear('microphone');
      await Parley.negotiate(pc, signaling);
      setMicrophone(true);
    } else {
      setMicrophone(!microphone.enabled);
    }
    ui.speakNote.textContent = microphone.enabled ? t('mic.nowOn') : t('mic.nowOff');
  }

  // --- Captions ----------------------------------------------------------------------------------

  function onCaption(message) {
    if (!message.final) {
      ui.captionPending.textContent = t('caption.pending', {name: message.name, text: message.text});
      return;
    }
    ui.captionPending.textContent = '';
    captions.push({name: message.name, text: message.text, language: message.language});
    ui.captions.append(element('li', t('caption.line', {name: message.name, text: message.text}),
        message.language ? {lang: message.language, dir: 'auto'} : {dir: 'auto'}));
    while (ui.captions.children.length > MAX_CAPTIONS) {
      ui.captions.firstElementChild.remove();
    }
  }

  // --- Joining -----------------------------------------------------------------------------------

  /** What `joined` says of the meeting: title, languages and tiers (the listener's choices kept where they still are). */
  function showMeeting() {
    floor = joined.floor || floor;
    ui.title.textContent = joined.title;
    document.title = t('page.titleWithMeeting', {title: joined.title});
    // The listener's choice if it is still offered; at first the page's language when the meeting has it.
    const language = ui.language.value || ParleyI18n.lang;
    ui.language.replaceChildren(...joined.languages.map((code) => new Option(languageName(code), code)),
        new Option(t('channel.original'), FLOOR));
    if ([...ui.language.options].some((option) => option.value === language)) {
      ui.language.value = language;
    }
    offerTiers(joined.tierPolicy);
  }

  /** A new peer connection with the two m-lines (an observer's one), negotiated, following the listener's choice. */
  async function connectMedia(notice) {
    pc = Parley.newPeerConnection(joined);
    Parley.watchMediaRoute(pc, problems);
    mixer.reset();
    lastInbound = null;
    pc.ontrack = (event) => mixer.play(event.transceiver, event.track);
    channelLine = {transceiver: pc.addTransceiver('audio', {direction: 'recvonly'}), producerId: null};
    floorLine = observer() ? null : {transceiver: pc.addTransceiver('audio', {direction: 'recvonly'}), producerId: null};
    await Parley.negotiate(pc, signaling);
    await follow(notice);
  }

  /** The controls work once media flows: at the start and after each recovery. */
  function enableControls() {
    for (const control of [ui.language, ui.volume, ui.bandwidth]) {
      control.disabled = false;
    }
    if (!LISTEN_ONLY.has(joined.role)) {
      ui.raiseHand.disabled = false;
      onFloor(floor);
    }
  }

  /**
   * After a lost connection (see Parley.keepConnected): joins again if the WebSocket went, then a new
   * peer connection follows the same language and tier. The microphone starts off again.
   */
  async function recover(rejoin) {
    if (rejoin) {
      granted = false;
      joined = await Parley.rejoin(signaling);
      Parley.showRecording(recordingIndicator, joined.recording);
      showMeeting();
    }
    pc = Parley.closePeerConnection(pc);
    await connectMedia(t('status.reconnected'));
    enableControls();
  }

  async function start() {
    signaling.on('floor', (message) => onFloor(message));
    signaling.on('caption', onCaption);
    signaling.on('tierPolicy', (message) => queue.run(() => onTierPolicy(message)).catch(() => {}));
    signaling.on('tierChanged', (message) => queue.run(() => onTierChanged(message)).catch(() => {}));
    signaling.on('recording', (message) => Parley.showRecording(recordingIndicator, message));
    joined = await Parley.joinByInvitation(signaling, status, t('status.needsInvitation'), teardown, true);
    if (joined) {
      Parley.showRecording(recordingIndicator, joined.recording);
    }
    if (!joined) {
      return;
    }
    if (observer()) {
      // Listen-only: nothing to ask for, no microphone, no floor to show.
      for (const control of [ui.raiseHand, ui.mic, ui.floorSpeakers, ui.headset.closest('.field'),
        document.getElementById('headset-note')]) {
        control.hidden = true;
      }
    }
    showMeeting();
    mixer = new Mixer();
    await queue.run(() => connectMedia());
    enableControls();
    if (joined.role === 'captioner') {
      ui.captionForm.hidden = false; // a captioner writes the captions everyone reads here
      Parley.postCaptionsFrom(ui.captionForm, ui.captionText, signaling, status);
    }
    if (LISTEN_ONLY.has(joined.role)) {
      problems.clear('microphone'); // a listener needs none
      ui.speakNote.textContent = joined.role === 'observer' ? t('speak.listenOnlyObserver') : t('speak.listenOnlyCaptioner');
    }
    reconnector = Parley.keepConnected(signaling, status, teardown, (rejoin) => queue.run(() => recover(rejoin)));
    setInterval(updateQuality, 1000);
  }

  async function updateQuality() {
    const {inbound, roundTripTime} = await Parley.receiveStats(pc);
    const current = inbound.find((stats) => stats.mid === channelLine.transceiver.mid);
    quality = Parley.rateQuality(lastInbound, current, roundTripTime);
    lastInbound = current;
    ui.quality.dataset.rating = quality.rating;
    ui.quality.textContent = QUALITY_LABELS[quality.rating];
    ui.qualityDetail.textContent = quality.text;
  }

  /** The connection is lost (or the meeting over): the microphone goes with the peer connection. */
  function teardown() {
    pc = Parley.closePeerConnection(pc);
    if (microphone) {
      microphone = null;
      setMicrophone(false);
    }
    for (const control of [ui.language, ui.volume, ui.floorVolume, ui.bandwidth, ui.raiseHand, ui.mic]) {
      control.disabled = true;
    }
  }

  for (const control of [ui.language, ui.bandwidth]) {
    control.addEventListener('change', () => queue.run(() => follow()).catch(() => {}));
  }
  for (const control of [ui.volume, ui.floorVolume]) {
    control.addEventListener('input', applyLevels);
  }
  ui.raiseHand.addEventListener('click', () => queue.run(toggleHand).catch(() => {}));
  ui.mic.addEventListener('click', () => queue.run(toggleMic).catch(() => {}));
  ui.form.addEventListener('submit', (event) => event.preventDefault());
  headset.onChange = (worn) => queue.run(async () => {
    const track = await Parley.applyHeadset(pc, worn);
    if (track && microphone) {
      microphone = track;
    }
  }).catch((err) => problems.show('microphone', err.message));
  Parley.checkSecureContext(problems);

  /** For tests and debugging: what the page follows and what it receives. */
  window.parley = {
    state: () => ({status: ui.status.textContent,
      role: joined && joined.role, participantId: joined && joined.participantId,
      mid: channelLine && channelLine.transceiver.mid, channel: channelLine && channelLine.producerId,
      floorMid: floorLine && floorLine.transceiver.mid, floorChannel: floorLine && floorLine.producerId,
      lines: pc ? pc.getTransceivers().length : 0, controlsHidden: ui.raiseHand.hidden && ui.mic.hidden,
      floorSlider: !ui.floorVolume.disabled, selection: selection(), quality, floor, hasFloor: !!joined && hasFloor(),
      micOn: !!microphone && microphone.enabled, captions: [...captions],
      headset: headset.worn, microphone: Parley.microphoneSettings(pc), problems: problems.keys(),
      tiers: [...ui.bandwidth.options].map((option) => option.value).filter((tier) => tier !== AUTO),
      autoTier,
      connectionState: pc ? pc.connectionState : null,
      recoveries: reconnector ? reconnector.recoveries : 0}),
    inboundStats: () => Parley.receiveStats(pc).then((stats) => stats.inbound),
    /** The directions of the peer connection's transceivers, comma separated (an observer's: one recvonly). */
    direction: () => (pc ? pc.getTransceivers().map((transceiver) => transceiver.direction).join(',') : null),
    /** Drops the WebSocket as a network failure would (the page is not told it is on purpose). */
    dropSignaling: () => signaling.ws.close(),
    /** Selects `language` as a listener would and resolves once the server confirmed the switch. */
    choose: (language) => {
      ui.language.value = language;
      return queue.run(() => follow()).then(() => channelLine.producerId);
    },
  };

  start().catch((err) => {
    teardown();
    setStatus(t('status.couldNotJoin', {reason: errorText(err)}));
  });
});
