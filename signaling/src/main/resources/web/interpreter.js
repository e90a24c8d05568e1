// Interpreter console: joins with an interpreter's invitation token, publishes the microphone on a
// sendonly m-line (muted in the booth's channel until `micOn`), and hears the floor: each other
// participant's producer on its own recvonly m-line, as the demo page does, because the protocol
// offers no floor-only stream to an interpreter today.
'use strict';

(() => {
  const AUDIO_CONSTRAINTS = {echoCancellation: false, noiseSuppression: false, autoGainControl: false};

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    booth: document.getElementById('booth'),
    onAir: document.getElementById('on-air'),
    mic: document.getElementById('mic'),
    cough: document.getElementById('cough'),
    refusal: document.getElementById('refusal'),
    floorVolume: document.getElementById('floor-volume'),
    sources: document.getElementById('sources'),
    players: document.getElementById('players'),
  };

  const signaling = new Parley.Signaling();
  const queue = new Parley.TaskQueue((err) => setStatus('Error: ' + err.message));
  let pc = null;
  let joined = null;
  let live = false;
  let coughing = false;
  let coughConfirmed = false;    // what the server last confirmed (`cough` reply)
  const remotes = new Map();     // producerId -> {producerId, name, mid}
  const freeMids = [];           // m-lines whose producer went away, reused without renegotiation
  const players = new Map();     // mid -> <audio>

  function setStatus(text) {
    ui.status.textContent = text;
  }

  function showLive(next) {
    live = next;
    ui.mic.setAttribute('aria-pressed', String(live));
    ui.mic.textContent = live ? 'Microphone on' : 'Microphone off';
    ui.onAir.dataset.live = String(live);
    ui.onAir.textContent = live ? 'ON AIR' : 'Off air';
    ui.cough.disabled = !live;
    if (!live) {
      showCough(false);
    }
  }

  function showCough(held) {
    coughing = held;
    ui.cough.setAttribute('aria-pressed', String(held));
    ui.onAir.textContent = !live ? 'Off air' : held ? 'ON AIR – muted (cough key)' : 'ON AIR';
  }

  async function toggleMic() {
    ui.refusal.textContent = '';
    try {
      const reply = await signaling.request({type: live ? 'micOff' : 'micOn'});
      showLive(reply.status !== 'released');
      setStatus(reply.message || (live ? 'You are live.' : 'Microphone off.'));
    } catch (err) {
      if (err.code === 'MIC_REFUSED') {
        ui.refusal.textContent = 'Microphone refused: ' + err.detail;
        return;
      }
      throw err;
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

  async function hear(producer) {
    if (!pc || remotes.has(producer.producerId) || producer.participantId === joined.participantId) {
      return;
    }
    let mid = freeMids.pop();
    if (mid === undefined) {
      const transceiver = pc.addTransceiver('audio', {direction: 'recvonly'});
      await Parley.negotiate(pc, signaling);
      mid = transceiver.mid;
    }
    try {
      await signaling.request({type: 'subscribe', mid, producerId: producer.producerId});
    } catch (err) {
      freeMids.push(mid); // it went away meanwhile; keep the m-line for the next one
      return;
    }
    remotes.set(producer.producerId, {...producer, mid});
    renderSources();
  }

  async function forget(producerId) {
    const remote = remotes.get(producerId);
    if (!remote) {
      return;
    }
    remotes.delete(producerId);
    renderSources();
    await signaling.request({type: 'unsubscribe', mid: remote.mid});
    freeMids.push(remote.mid);
  }

  function renderSources() {
    const items = [...remotes.values()].map((remote) => {
      const item = document.createElement('li');
      item.textContent = remote.name;
      return item;
    });
    if (items.length === 0) {
      const item = document.createElement('li');
      item.textContent = 'Nobody else is publishing audio yet.';
      items.push(item);
    }
    ui.sources.replaceChildren(...items);
  }

  function onTrack(event) {
    const mid = event.transceiver.mid;
    let audio = players.get(mid);
    if (!audio) {
      audio = document.createElement('audio');
      audio.autoplay = true;
      ui.players.appendChild(audio);
      players.set(mid, audio);
    }
    audio.volume = ui.floorVolume.value / 100;
    audio.srcObject = new MediaStream([event.track]);
  }

  async function start() {
    const token = Parley.tokenFromAddress();
    if (!token) {
      setStatus('This page needs an interpreter\'s invitation link (…/interpreter.html?token=…).');
      return;
    }
    setStatus('Connecting…');
    signaling.onClose = (event) => {
      teardown();
      setStatus('Disconnected from the server (' + event.code + ').');
    };
    signaling.on('producerAdded', (message) => queue.run(() => hear(message)).catch(() => {}));
    signaling.on('producerRemoved', (message) => queue.run(() => forget(message.producerId)).catch(() => {}));
    signaling.on('transportClosed', (message) => setStatus('Media connection closed: ' + message.reason));
    signaling.on('meetingEnded', () => setStatus('The meeting has ended.'));
    await signaling.open();
    joined = await signaling.request({type: 'join', token});
    if (joined.role !== 'interpreter') {
      signaling.close();
      setStatus('This invitation is for a ' + joined.role + ', not an interpreter.');
      return;
    }
    ui.title.textContent = joined.title + ' – interpreter console';
    document.title = joined.title + ' – interpreter – Parley';
    ui.booth.textContent = '(booth ' + joined.booth + ')';

    const microphone = await navigator.mediaDevices.getUserMedia({audio: AUDIO_CONSTRAINTS});
    pc = Parley.newPeerConnection();
    pc.ontrack = onTrack;
    for (const track of microphone.getAudioTracks()) {
      pc.addTransceiver(track, {direction: 'sendonly', streams: [microphone]});
    }
    await queue.run(() => Parley.negotiate(pc, signaling));
    ui.mic.disabled = false;
    setStatus('Joined as ' + (joined.booth || '') + ' interpreter. Your microphone is off.');
    renderSources();
    for (const producer of joined.producers) {
      queue.run(() => hear(producer)).catch(() => {});
    }
  }

  function teardown() {
    if (pc) {
      pc.getSenders().forEach((sender) => sender.track && sender.track.stop());
      pc.close();
      pc = null;
    }
    ui.mic.disabled = true;
    showLive(false);
  }

  ui.mic.addEventListener('click', () => queue.run(toggleMic).catch(() => {}));
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
  ui.floorVolume.addEventListener('input', () => {
    players.forEach((audio) => {
      audio.volume = ui.floorVolume.value / 100;
    });
  });

  /** For tests and debugging. */
  window.parley = {
    state: () => ({role: joined && joined.role, booth: joined && joined.booth, live, coughing, coughConfirmed,
      refusal: ui.refusal.textContent, hearing: [...remotes.values()].map((remote) => remote.name),
      connectionState: pc ? pc.connectionState : null}),
  };

  start().catch((err) => {
    teardown();
    setStatus('Could not join: ' + err.message);
  });
})();
