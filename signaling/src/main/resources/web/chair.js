// Chair and operator console: joins with a chair's or operator's invitation token, shows the
// server's `roster`, `floor` and `booths` events (CONTRACT.md), grants and revokes the floor, sets the
// floor language, announces the booths' slow-down requests, starts and stops the recording and ends the meeting. It hears every
// floor voice (publishers that are not interpreters) on its own m-line and publishes its microphone,
// muted until the chair turns it on (a chair is always a floor voice). When the media or the signaling
// connection is lost, the console reconnects, its microphone off, and hears the floor voices again. Voice
// processing is on unless the chair says it wears a headset. What stops it (no https, microphone refused,
// no route to the media server) it says in its alert area.
'use strict';

ParleyI18n.ready.then(() => {
  const {element, languageName, errorText} = Parley;
  const {t} = ParleyI18n;
  const FLOOR_LABELS = {speaking: t('participants.speaking'), hand: t('participants.handRaised')};
  const GRADE_LABELS = {good: t('quality.good'), fair: t('quality.fair'), poor: t('quality.poor'),
    unknown: t('quality.unknown')};
  const VARIANT_LABELS = {clean: t('variant.clean'), mixed: t('variant.mixed')};
  const TIER_LABELS = {studio: t('tier.studio'), standard: t('tier.standard'), low: t('tier.low'), minimal: t('tier.minimal')};
  /** Roles that are floor voices by themselves: the floor cannot be granted to or revoked from them. */
  const ALWAYS_FLOOR = new Set(['chair', 'operator', 'room-system']);

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    problems: document.getElementById('problems'),
    headset: document.getElementById('headset'),
    slowDownPanel: document.getElementById('slow-down-panel'),
    slowDownAlert: document.getElementById('slow-down-alert'),
    slowDowns: document.getElementById('slow-downs'),
    clearSlowDowns: document.getElementById('clear-slow-downs'),
    floorControl: document.getElementById('floor-control'),
    floorLanguageForm: document.getElementById('floor-language-form'),
    floorLanguage: document.getElementById('floor-language'),
    setFloorLanguage: document.getElementById('set-floor-language'),
    hands: document.getElementById('hands'),
    speakers: document.getElementById('speakers'),
    mic: document.getElementById('mic'),
    floorVolume: document.getElementById('floor-volume'),
    voices: document.getElementById('voices'),
    captionForm: document.getElementById('caption-form'),
    captionText: document.getElementById('caption-text'),
    sendCaption: document.getElementById('send-caption'),
    participants: document.querySelector('#participants tbody'),
    booths: document.querySelector('#booths tbody'),
    endPanel: document.getElementById('end-panel'),
    dashboardPanel: document.getElementById('dashboard-panel'),
    dashboardLink: document.getElementById('dashboard-link'),
    endMeeting: document.getElementById('end-meeting'),
    recording: document.getElementById('recording'),
    startRecording: document.getElementById('start-recording'),
    stopRecording: document.getElementById('stop-recording'),
    endDialog: document.getElementById('end-dialog'),
    endConfirm: document.getElementById('end-confirm'),
    players: document.getElementById('players'),
  };

  const signaling = new Parley.Signaling();
  const queue = new Parley.TaskQueue((err) => setStatus(t('status.error', {reason: errorText(err)})));
  let pc = null;
  let joined = null;
  let reconnector = null;
  let microphone = null;
  let voices = null;
  let floor = {control: 'unknown', language: null, speakers: [], hands: []};
  let booths = [];
  let roster = null;                // the last `roster`; null until the server sent one
  const people = new Map();         // participantId -> {participantId, name, role, booth}, from join events
  const slowDowns = [];             // {time, name, booth}, newest last

  const status = new Parley.StatusLine(ui.status);
  const problems = new Parley.ProblemNotice(ui.problems);
  const headset = new Parley.HeadsetSwitch(ui.headset, 'chair', false);

  function setStatus(text) {
    status.show(text);
  }

  function nameOf(participantId) {
    const person = people.get(participantId);
    return person ? person.name : participantId;
  }

  /** Sends a floor action and reports a refusal in the status line instead of failing silently. */
  function act(message, done) {
    return queue.run(async () => {
      try {
        await signaling.request(message);
        setStatus(done);
      } catch (err) {
        setStatus(t('status.refused', {reason: errorText(err)}));
      }
    });
  }

  /** The meeting's recording (`joined.recording` or a `recording` event): the indicator and which button works. */
  function showRecording(recording) {
    Parley.showRecording(ui.recording, recording);
    const active = Boolean(recording && recording.active);
    ui.startRecording.disabled = active;
    ui.stopRecording.disabled = !active;
  }

  function grant(person) {
    return act({type: 'grantFloor', participantId: person.participantId}, t('status.granted', {name: person.name}));
  }

  function revoke(person) {
    return act({type: 'revokeFloor', participantId: person.participantId}, t('status.revoked', {name: person.name}));
  }

  /**
   * A button acting on `person`, named for screen readers with the person ("Grant floor: Ada").
   * @param focusKey what the button does, for replaceKeepingFocus: the same across languages and labels
   */
  function personButton(label, person, onClick, focusKey) {
    const button = element('button', label, {type: 'button',
      'aria-label': t('action.forPerson', {action: label, name: person.name}),
      'data-focus-key': focusKey + '/' + person.participantId});
    button.addEventListener('click', () => onClick(person));
    return button;
  }

  /**
   * Replaces `container`'s children. The lists and tables are rebuilt on every server event (the roster
   * comes every 2 s), so a keyboard user's focus on one of their buttons moves to its new twin.
   */
  function replaceKeepingFocus(container, children) {
    const focused = container.contains(document.activeElement) ? document.activeElement.dataset.focusKey : undefined;
    container.replaceChildren(...children);
    if (focused !== undefined) {
      const twin = [...container.querySelectorAll('[data-focus-key]')].find((node) => node.dataset.focusKey === focused);
      if (twin) {
        twin.focus();
      } else {
        container.tabIndex = -1; // the button went with its row or list item: the list keeps the focus
        container.focus();
      }
    }
  }

  function renderFloor() {
    ui.floorControl.textContent = floor.control === 'open' ? t('floor.control.open')
        : floor.control === 'chaired' ? t('floor.control.chaired') : t('floor.control.unknown');
    if (floor.language && ui.floorLanguage.value !== floor.language && document.activeElement !== ui.floorLanguage) {
      ui.floorLanguage.value = floor.language;
    }
    replaceKeepingFocus(ui.hands, floor.hands.length === 0 ? [element('li', t('floor.noHands'), {class: 'empty'})]
        : floor.hands.map((hand) => {
          const item = element('li');
          item.append(element('span', hand.name, {dir: 'auto'}), personButton(t('floor.grant'), hand, grant, 'grant'));
          return item;
        }));
    replaceKeepingFocus(ui.speakers, floor.speakers.length === 0 ? [element('li', t('floor.nobodySpeaking'), {class: 'empty'})]
        : floor.speakers.map((speaker) => {
          const item = element('li');
          item.append(element('span', youOr(speaker)));
          const person = people.get(speaker.participantId);
          if (speaker.participantId !== joined.participantId && !(person && ALWAYS_FLOOR.has(person.role))) {
            item.append(personButton(t('floor.revoke'), speaker, revoke, 'revoke'));
          }
          return item;
        }));
  }

  /** The participant's name, marked "(you)" for this console's own entry. */
  function youOr(participant) {
    return participant.participantId === joined.participantId ? t('person.you', {name: participant.name}) : participant.name;
  }

  /** "French (fr) · interpretation only · Normal": what a participant's channel m-line follows. */
  function describeChannel(channel) {
    if (!channel) {
      return t('table.none');
    }
    return t('participants.channelValue', {
      language: channel.language === 'floor' ? t('channel.floor') : languageName(channel.language),
      variant: VARIANT_LABELS[channel.variant] || channel.variant, tier: TIER_LABELS[channel.tier] || channel.tier});
  }

  function qualityCell(quality) {
    const cell = element('td', null, {'data-label': t('participants.connection')});
    const grade = quality ? quality.grade : 'unknown';
    cell.append(element('span', GRADE_LABELS[grade] || grade, {class: 'quality', 'data-rating': grade}));
    if (quality && grade !== 'unknown') {
      const parts = [];
      if (quality.rttMs != null) {
        parts.push(t('quality.rtt', {rtt: ParleyI18n.number(quality.rttMs)}));
      }
      if (quality.lossPercent != null) {
        parts.push(t('quality.loss', {loss: ParleyI18n.number(quality.lossPercent, 1)}));
      }
      if (quality.jitterMs != null) {
        parts.push(t('quality.jitter', {jitter: ParleyI18n.number(quality.jitterMs)}));
      }
      cell.append(element('span', ParleyI18n.list(parts), {class: 'detail'}));
    }
    return cell;
  }

  /** The roster when the server sends one; until then the names and roles the join events gave. */
  function renderParticipants() {
    const rows = roster || [...people.values()];
    replaceKeepingFocus(ui.participants, rows.map((participant) => {
      const row = element('tr', null, {'data-participant': participant.participantId});
      const nameCell = element('th', youOr(participant), {scope: 'row', dir: 'auto'});
      const role = participant.role ? Parley.roleName(participant.role) : t('table.none');
      row.append(nameCell, element('td', participant.booth
          ? t('participants.roleInBooth', {role, booth: languageName(participant.booth)}) : role,
      {'data-label': t('participants.role')}),
      element('td', describeChannel(participant.channel), {'data-label': t('participants.channel')}));
      const floorCell = element('td', FLOOR_LABELS[participant.floor] || t('table.none'),
          {'data-label': t('participants.floor')});
      if (participant.role === 'delegate') {
        floorCell.append(participant.floor === 'speaking'
            ? personButton(t('participants.revoke'), participant, revoke, 'floor')
            : personButton(t('participants.give'), participant, grant, 'floor'));
      }
      row.append(floorCell, qualityCell(participant.quality));
      return row;
    }));
  }

  function emptyRow(text, columns) {
    const row = element('tr');
    row.append(element('td', text, {colspan: String(columns)}));
    return row;
  }

  function renderBooths() {
    ui.booths.replaceChildren(...(booths.length === 0 ? [emptyRow(t('booths.none'), 6)] : booths.map((booth) => {
      const row = element('tr', null, {'data-booth': booth.language});
      const interpreters = booth.interpreters.length === 0 ? t('booths.noInterpreters')
        : ParleyI18n.list(booth.interpreters.map(Parley.interpreterName));
      const handover = booth.pendingHandover ? t('booths.handover', {from: nameOf(booth.pendingHandover.from),
        to: nameOf(booth.pendingHandover.to)}) : '';
      row.append(element('th', languageName(booth.language), {scope: 'row'}),
          element('td', booth.live ? booth.live.name : t('booths.nobody'),
              {class: booth.live ? 'live' : '', 'data-label': t('booths.live')}),
          element('td', booth.incoming === 'floor' ? t('booths.fromFloor') : t('booths.relayFrom', {language: languageName(booth.incoming)}),
              {'data-label': t('booths.incoming')}),
          element('td', booth.outgoing === booth.language ? languageName(booth.outgoing)
              : t('booths.bChannel', {language: languageName(booth.outgoing)}), {'data-label': t('booths.outgoing')}),
          element('td', ParleyI18n.number(booth.listeners), {'data-label': t('booths.listeners')}),
          element('td', handover ? t('booths.interpretersWithHandover', {interpreters, handover}) : interpreters,
              {'data-label': t('booths.interpreters')}));
      return row;
    })));
  }

  function renderVoices() {
    const list = voices ? voices.list() : [];
    ui.voices.replaceChildren(...(list.length === 0 ? [element('li', t('voices.none'))]
        : list.map((voice) => element('li', Parley.voiceName(voice)))));
  }

  function onSlowDown(message) {
    const entry = {time: Parley.clockTime(), name: message.name, booth: message.booth};
    slowDowns.push(entry);
    const text = t('slowDown.alert', {time: entry.time, booth: languageName(entry.booth), name: entry.name});
    ui.slowDownPanel.hidden = false;
    if (ui.slowDownAlert.textContent) {
      ui.slowDowns.prepend(element('li', ui.slowDownAlert.textContent)); // the earlier ones, newest first
    }
    ui.slowDownAlert.textContent = text; // role=alert: read out at once
  }

  function toggleMic() {
    if (!microphone) {
      return;
    }
    microphone.enabled = !microphone.enabled;
    showMicrophone();
    setStatus(microphone.enabled ? t('mic.nowOn') : t('mic.nowOff'));
  }

  function showMicrophone() {
    const on = !!microphone && microphone.enabled;
    ui.mic.setAttribute('aria-pressed', String(on));
    ui.mic.textContent = on ? t('mic.on') : t('mic.off');
  }

  function remember(participant) {
    people.set(participant.participantId, {participantId: participant.participantId, name: participant.name,
      role: participant.role, booth: participant.booth});
  }

  async function start() {
    signaling.on('participantJoined', (message) => {
      remember(message);
      renderParticipants();
    });
    signaling.on('participantLeft', (message) => {
      people.delete(message.participantId);
      renderParticipants();
    });
    signaling.on('producerAdded', (message) => queue.run(() => voices && voices.hear(message)).catch(() => {}));
    signaling.on('producerRemoved', (message) => queue.run(() => voices && voices.forget(message.producerId)).catch(() => {}));
    signaling.on('floor', (message) => {
      floor = message;
      renderFloor();
    });
    signaling.on('roster', (message) => {
      roster = message.participants;
      roster.forEach(remember);
      renderParticipants();
    });
    signaling.on('booths', (message) => {
      booths = message.booths;
      renderBooths();
    });
    signaling.on('slowDown', onSlowDown);
    signaling.on('recording', showRecording);
    joined = await Parley.joinByInvitation(signaling, status, t('status.needsInvitation'), teardown);
    if (!joined) {
      return;
    }
    if (joined.role !== 'chair' && joined.role !== 'operator') {
      signaling.close();
      setStatus(t('status.wrongRole', {role: Parley.roleName(joined.role)}));
      return;
    }
    const operator = joined.role === 'operator';
    const meeting = {title: joined.title};
    ui.title.textContent = operator ? t('headingOperator', meeting) : t('headingChair', meeting);
    document.title = operator ? t('page.titleOperator', meeting) : t('page.titleChair', meeting);
    ui.floorLanguage.replaceChildren(...joined.languages.map((code) => new Option(languageName(code), code)));
    joined.participants.forEach(remember);
    remember({participantId: joined.participantId, name: t('person.self'), role: joined.role});
    if (joined.floor) {
      floor = joined.floor;
    }
    if (joined.booths) {
      booths = joined.booths;
    }
    renderFloor();
    renderParticipants();
    renderBooths();
    showRecording(joined.recording);
    for (const control of [ui.floorLanguage, ui.setFloorLanguage, ui.captionText, ui.sendCaption]) {
      control.disabled = false;
    }
    // Only the operator may end the meeting (the server refuses the chair); the chair sees no button for it.
    ui.endPanel.hidden = !operator;
    ui.endMeeting.disabled = !operator;
    // The operator's own invitation opens the dashboard of this meeting (PROTOCOL.md, watchDashboard).
    ui.dashboardPanel.hidden = !operator;
    ui.dashboardLink.href = '/dashboard.html?token=' + encodeURIComponent(Parley.tokenFromAddress() || '');
    await queue.run(() => connectMedia(joined.producers));
    setStatus(t('status.joined', {role: Parley.roleName(joined.role)}));
    reconnector = Parley.keepConnected(signaling, status, teardown, (rejoin) => queue.run(() => recover(rejoin)));
  }

  /** A new peer connection: the microphone (off) and one m-line per floor voice in `producers`. */
  async function connectMedia(producers) {
    pc = Parley.newPeerConnection(joined);
    Parley.watchMediaRoute(pc, problems);
    ui.players.replaceChildren();
    voices = new Parley.VoiceReceiver(pc, signaling, ui.players,
        (producer) => producer.participantId !== joined.participantId && producer.role !== 'interpreter');
    voices.onChange = renderVoices;
    voices.setVolume(ui.floorVolume.value / 100);
    pc.ontrack = (event) => voices.play(event);
    try {
      microphone = await Parley.addMicrophone(pc, headset.worn);
      microphone.enabled = false; // sends silence until the chair speaks
      problems.clear('microphone');
    } catch (err) {
      if (!(err instanceof Parley.MicrophoneError)) {
        throw err;
      }
      microphone = null; // the console only listens
      problems.show('microphone', err.message);
    }
    showMicrophone();
    await Parley.negotiate(pc, signaling);
    ui.mic.disabled = !microphone;
    renderVoices();
    for (const producer of producers) {
      queue.run(() => voices.hear(producer)).catch(() => {});
    }
  }

  /**
   * After a lost connection (see Parley.keepConnected): joins again if the WebSocket went (the roster
   * and floor follow from the new `joined`), then a new peer connection hears the same floor voices.
   */
  async function recover(rejoin) {
    const heard = voices ? voices.producers() : [];
    pc = Parley.closePeerConnection(pc);
    if (rejoin) {
      joined = await Parley.rejoin(signaling);
      people.clear();
      roster = null;
      joined.participants.forEach(remember);
      remember({participantId: joined.participantId, name: t('person.self'), role: joined.role});
      floor = joined.floor || floor;
      booths = joined.booths || booths;
      renderFloor();
      renderParticipants();
      renderBooths();
      showRecording(joined.recording);
    }
    await connectMedia(rejoin ? joined.producers : heard);
    for (const control of [ui.floorLanguage, ui.setFloorLanguage, ui.captionText, ui.sendCaption]) {
      control.disabled = false;
    }
    ui.endMeeting.disabled = joined.role !== 'operator';
    setStatus(t('status.reconnectedMicOff'));
  }

  function teardown() {
    pc = Parley.closePeerConnection(pc);
    microphone = null;
    showMicrophone();
    for (const control of [ui.mic, ui.floorLanguage, ui.setFloorLanguage, ui.captionText, ui.sendCaption, ui.endMeeting,
      ui.startRecording, ui.stopRecording]) {
      control.disabled = true;
    }
    ui.participants.querySelectorAll('button').forEach((button) => {
      button.disabled = true;
    });
  }

  ui.mic.addEventListener('click', toggleMic);
  headset.onChange = (worn) => queue.run(async () => {
    const track = await Parley.applyHeadset(pc, worn);
    if (track) {
      microphone = track;
    }
  }).catch((err) => problems.show('microphone', err.message));
  Parley.checkSecureContext(problems);
  ui.floorVolume.addEventListener('input', () => voices && voices.setVolume(ui.floorVolume.value / 100));
  ui.floorLanguageForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const language = ui.floorLanguage.value;
    act({type: 'setFloorLanguage', language}, t('status.floorLanguage', {language: languageName(language)})).catch(() => {});
  });
  Parley.postCaptionsFrom(ui.captionForm, ui.captionText, signaling, status);
  ui.clearSlowDowns.addEventListener('click', () => {
    ui.slowDowns.replaceChildren();
    ui.slowDownAlert.textContent = '';
    ui.slowDownPanel.hidden = true;
  });
  ui.startRecording.addEventListener('click', () => act({type: 'startRecording'}, t('status.recordingStarted')));
  ui.stopRecording.addEventListener('click', () => act({type: 'stopRecording'}, t('status.recordingStopped')));
  ui.endMeeting.addEventListener('click', () => ui.endDialog.showModal());
  // The confirm button's click, not the dialog's `close` event: a background tab may deliver that late.
  // Its form (method "dialog") closes the dialog; Cancel and Escape only close it.
  ui.endConfirm.addEventListener('click', () => {
    queue.run(async () => {
      await signaling.request({type: 'endMeeting'});
      status.finish(t('status.endedByYou'));
    }).catch(() => {});
  });

  /** For tests and debugging: what the console shows and receives. */
  window.parley = {
    state: () => ({status: ui.status.textContent,
      role: joined && joined.role, participantId: joined && joined.participantId, floor, booths,
      roster, slowDowns: [...slowDowns], hearing: voices ? voices.list().map((voice) => voice.name) : [],
      voiceMids: voices ? Object.fromEntries(voices.list().map((voice) => [voice.participantId, voice.mid])) : {},
      micOn: microphone ? microphone.enabled : false, connectionState: pc ? pc.connectionState : null,
      headset: headset.worn, microphone: Parley.microphoneSettings(pc), problems: problems.keys(),
      recoveries: reconnector ? reconnector.recoveries : 0}),
    inboundStats: () => Parley.receiveStats(pc).then((stats) => stats.inbound),
    /** Drops the WebSocket as a network failure would (the page is not told it is on purpose). */
    dropSignaling: () => signaling.ws.close(),
  };

  start().catch((err) => {
    teardown();
    setStatus(t('status.couldNotJoin', {reason: errorText(err)}));
  });
});
