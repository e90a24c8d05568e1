// Delegate page: joins with the invitation token of its address and listens to one interpretation
// channel on a single recvonly m-line. Every change of language, variant or tier is one
// `subscribeChannel` on that same mid: the server switches the stream without renegotiation.
'use strict';

(() => {
  const QUALITY_LABELS = {unknown: 'Unknown', good: 'Good', fair: 'Fair', poor: 'Poor'};

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    form: document.getElementById('channel-form'),
    language: document.getElementById('language'),
    floorUnder: document.getElementById('floor-under'),
    volume: document.getElementById('volume'),
    lowBandwidth: document.getElementById('low-bandwidth'),
    quality: document.getElementById('quality'),
    qualityDetail: document.getElementById('quality-detail'),
    player: document.getElementById('player'),
  };

  const signaling = new Parley.Signaling();
  const queue = new Parley.TaskQueue((err) => setStatus('Error: ' + err.message));
  let pc = null;
  let mid = null;
  let joined = null;
  let channel = null;        // the producer id the m-line follows now
  let audio = null;
  let lastInbound = null;
  let quality = {rating: 'unknown', text: 'no audio yet'};

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function selection() {
    return {
      language: ui.language.value,
      variant: ui.floorUnder.checked ? 'mixed' : 'clean',
      tier: ui.lowBandwidth.checked ? 'low' : 'standard',
    };
  }

  async function follow() {
    const wanted = selection();
    const reply = await signaling.request({type: 'subscribeChannel', mid, ...wanted});
    channel = reply.producerId;
    const name = ui.language.selectedOptions[0].textContent;
    setStatus('Listening to ' + name + (wanted.variant === 'mixed' ? ' with the floor underneath' : ' only')
        + (wanted.tier === 'low' ? ', low bandwidth.' : '.'));
  }

  function languageName(code) {
    try {
      return new Intl.DisplayNames([navigator.language || 'en'], {type: 'language'}).of(code) + ' (' + code + ')';
    } catch (err) {
      return code;
    }
  }

  async function start() {
    const token = Parley.tokenFromAddress();
    if (!token) {
      setStatus('This page needs an invitation link (…/delegate.html?token=…).');
      return;
    }
    setStatus('Connecting…');
    signaling.onClose = (event) => {
      teardown();
      setStatus('Disconnected from the server (' + event.code + ').');
    };
    signaling.on('transportClosed', (message) => setStatus('Media connection closed: ' + message.reason));
    signaling.on('meetingEnded', () => setStatus('The meeting has ended.'));
    await signaling.open();
    joined = await signaling.request({type: 'join', token});
    if (joined.role === 'interpreter') {
      // An interpreter's invitation link lands here too (the API's joinUrl is the site root).
      signaling.close();
      location.replace('/interpreter.html' + location.search);
      return;
    }
    ui.title.textContent = joined.title;
    document.title = joined.title + ' – Parley';
    ui.language.replaceChildren(...joined.languages.map((code) => new Option(languageName(code), code)));

    pc = Parley.newPeerConnection();
    pc.ontrack = (event) => {
      audio = document.createElement('audio');
      audio.autoplay = true;
      audio.volume = ui.volume.value / 100;
      audio.srcObject = new MediaStream([event.track]);
      ui.player.replaceChildren(audio);
    };
    const transceiver = pc.addTransceiver('audio', {direction: 'recvonly'});
    await queue.run(() => Parley.negotiate(pc, signaling));
    mid = transceiver.mid;
    await queue.run(follow);
    for (const control of [ui.language, ui.floorUnder, ui.volume, ui.lowBandwidth]) {
      control.disabled = false;
    }
    setInterval(updateQuality, 1000);
  }

  async function updateQuality() {
    const {inbound, roundTripTime} = await Parley.receiveStats(pc);
    const current = inbound.find((stats) => stats.mid === mid);
    quality = Parley.rateQuality(lastInbound, current, roundTripTime);
    lastInbound = current;
    ui.quality.dataset.rating = quality.rating;
    ui.quality.textContent = QUALITY_LABELS[quality.rating];
    ui.qualityDetail.textContent = quality.text;
  }

  function teardown() {
    if (pc) {
      pc.close();
      pc = null;
    }
    for (const control of [ui.language, ui.floorUnder, ui.volume, ui.lowBandwidth]) {
      control.disabled = true;
    }
  }

  for (const control of [ui.language, ui.floorUnder, ui.lowBandwidth]) {
    control.addEventListener('change', () => queue.run(follow).catch(() => {}));
  }
  ui.volume.addEventListener('input', () => {
    if (audio) {
      audio.volume = ui.volume.value / 100;
    }
  });
  ui.form.addEventListener('submit', (event) => event.preventDefault());

  /** For tests and debugging: what the page follows and what it receives. */
  window.parley = {
    state: () => ({role: joined && joined.role, mid, channel, selection: selection(), quality,
      connectionState: pc ? pc.connectionState : null}),
    inboundStats: () => Parley.receiveStats(pc).then((stats) => stats.inbound),
    /** Selects `language` as a listener would and resolves once the server confirmed the switch. */
    choose: (language) => {
      ui.language.value = language;
      return queue.run(follow).then(() => channel);
    },
  };

  start().catch((err) => {
    teardown();
    setStatus('Could not join: ' + err.message);
  });
})();
