// Parley demo client: one WebSocket for signaling, one RTCPeerConnection for media.
// Publishes the microphone on a sendonly transceiver and receives each remote producer on its
// own recvonly transceiver. Renegotiations and subscriptions run one at a time through a queue. The
// microphone, the headset switch, TURN servers and the alerts (no https, microphone refused, no route to
// the media server) come from parley-client.js; without a microphone the page still listens.
'use strict';

ParleyI18n.ready.then(() => {
  const {t} = ParleyI18n;
  const {errorText} = Parley;
  const MEETING = 'demo';

  const ui = {
    form: document.getElementById('join-form'),
    name: document.getElementById('name'),
    join: document.getElementById('join'),
    leave: document.getElementById('leave'),
    recording: document.getElementById('recording'),
    status: document.getElementById('status'),
    statsBody: document.querySelector('#stats tbody'),
    players: document.getElementById('players'),
    problems: document.getElementById('problems'),
    headset: document.getElementById('headset'),
  };
  const problems = new Parley.ProblemNotice(ui.problems);
  const headset = new Parley.HeadsetSwitch(ui.headset, 'demo', false);

  let status = 'idle';
  let participantId = null;
  let ws = null;
  let pc = null;
  // Producers announced between our `joined` and the peer connection's creation (the microphone prompt
  // can take seconds): without this list a speaker who starts meanwhile would never be heard.
  let announced = [];
  let localStream = null;
  let nextRequestId = 1;
  const pending = new Map();     // request id -> {resolve, reject}
  const remotes = new Map();     // producerId -> {producerId, participantId, name, mid}
  const freeMids = [];           // recvonly mids whose producer went away: reused by `subscribe` (no renegotiation)
  const players = new Map();     // mid -> <audio>
  let queue = Promise.resolve();
  let statsTimer = null;

  function setStatus(next, text) {
    status = next;
    ui.status.textContent = text;
    ui.join.disabled = next === 'connecting' || next === 'joined';
    ui.leave.disabled = next !== 'joined';
  }

  /** Runs tasks one after another, so offers never overlap. */
  function enqueue(task) {
    const run = queue.then(task);
    queue = run.catch((err) => setStatus('error', t('status.error', {reason: errorText(err)})));
    return run;
  }

  function request(message) {
    const id = nextRequestId++;
    return new Promise((resolve, reject) => {
      pending.set(id, {resolve, reject});
      ws.send(JSON.stringify({...message, id}));
    });
  }

  function onMessage(event) {
    const message = JSON.parse(event.data);
    if (message.id != null && pending.has(message.id)) {
      const {resolve, reject} = pending.get(message.id);
      pending.delete(message.id);
      if (message.type === 'error') {
        reject(new Parley.SignalingError(message.code, message.message));
      } else {
        resolve(message);
      }
      return;
    }
    switch (message.type) {
      case 'participantJoined':
        announce(t('status.participantJoined', {name: message.name}));
        break;
      case 'participantLeft':
        announce(t('status.participantLeft', {name: message.name}));
        break;
      case 'producerAdded':
        if (pc) {
          enqueue(() => subscribe(message));
        } else {
          announced.push(message); // joined, still opening the microphone: subscribed once the connection exists
        }
        break;
      case 'producerRemoved':
        announced = announced.filter((producer) => producer.producerId !== message.producerId);
        enqueue(() => forget(message.producerId));
        break;
      case 'recording':
        Parley.showRecording(ui.recording, message);
        break;
      case 'transportClosed':
        setStatus('error', t('status.mediaClosed', {reason: message.reason}));
        break;
      case 'error':
        setStatus(status, t('status.serverError', {reason: errorText(new Parley.SignalingError(message.code, message.message))}));
        break;
      default:
        break;
    }
  }

  function announce(text) {
    if (status === 'joined') {
      ui.status.textContent = ParleyI18n.sentences(text, t('status.remoteStreams', {count: ParleyI18n.number(remotes.size)}));
    }
  }

  async function negotiate() {
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const answer = await request({type: 'offer', sdp: offer.sdp});
    await pc.setRemoteDescription({type: 'answer', sdp: answer.sdp});
  }

  async function subscribe(producer) {
    if (!pc || remotes.has(producer.producerId)) {
      return;
    }
    let mid = freeMids.pop();
    if (mid === undefined) {
      const transceiver = pc.addTransceiver('audio', {direction: 'recvonly'});
      await negotiate();
      mid = transceiver.mid;
    }
    try {
      await request({type: 'subscribe', mid, producerId: producer.producerId});
    } catch (err) {
      freeMids.push(mid); // the producer went away meanwhile; keep the m-line for the next one
      return;
    }
    remotes.set(producer.producerId, {...producer, mid});
    announce(t('status.listeningTo', {name: producer.name}));
  }

  async function forget(producerId) {
    const remote = remotes.get(producerId);
    if (!remote) {
      return;
    }
    remotes.delete(producerId);
    await request({type: 'unsubscribe', mid: remote.mid});
    freeMids.push(remote.mid);
  }

  function onTrack(event) {
    const mid = event.transceiver.mid;
    let audio = players.get(mid);
    if (!audio) {
      audio = document.createElement('audio');
      audio.autoplay = true;
      audio.dataset.mid = mid;
      ui.players.appendChild(audio);
      players.set(mid, audio);
    }
    audio.srcObject = new MediaStream([event.track]);
  }

  async function join(name) {
    if (status === 'connecting' || status === 'joined') {
      throw new Error('already ' + status); // a caller's mistake (the buttons prevent it), for the test hook
    }
    setStatus('connecting', t('status.connectingAs', {name}));
    try {
      await openSocket();
      const joined = await request({type: 'join', meeting: MEETING, name});
      participantId = joined.participantId;
      Parley.showRecording(ui.recording, joined.recording);
      try {
        localStream = await Parley.openMicrophone(Parley.microphoneConstraints(headset.worn));
        problems.clear('microphone');
      } catch (err) {
        if (!(err instanceof Parley.MicrophoneError)) {
          throw err;
        }
        problems.show('microphone', err.message); // listen only
      }
      pc = Parley.newPeerConnection(joined);
      Parley.watchMediaRoute(pc, problems);
      pc.ontrack = onTrack;
      pc.onconnectionstatechange = () => {
        if (status === 'joined') {
          ui.status.textContent = t('status.media', {meeting: MEETING, state: mediaState(pc.connectionState)});
        }
      };
      if (localStream) {
        for (const track of localStream.getAudioTracks()) {
          pc.addTransceiver(track, {direction: 'sendonly', streams: [localStream]});
        }
        await enqueue(negotiate);
      }
      setStatus('joined', t('status.joined', {meeting: MEETING, name}));
      for (const producer of [...joined.producers, ...announced.splice(0)]) {
        enqueue(() => subscribe(producer));
      }
      statsTimer = setInterval(renderStats, 1000);
      return joined;
    } catch (err) {
      teardown();
      setStatus('error', t('status.couldNotJoin', {reason: errorText(err)}));
      throw err;
    }
  }

  function openSocket() {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    ws = new WebSocket(scheme + '//' + location.host + '/ws');
    ws.onmessage = onMessage;
    ws.onclose = (event) => {
      for (const {reject} of pending.values()) {
        reject(new Parley.SignalingError('CLOSED', t('error.connectionClosed', {code: event.code})));
      }
      pending.clear();
      if (status === 'joined' || status === 'connecting') {
        teardown();
        setStatus('error', t('status.disconnected', {code: event.code}));
      }
    };
    return new Promise((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Parley.SignalingError('CLOSED', t('error.unreachable')));
    });
  }

  async function leave() {
    if (status !== 'joined') {
      return;
    }
    try {
      await request({type: 'leave'});
    } finally {
      teardown();
      setStatus('left', t('status.left'));
    }
  }

  function teardown() {
    announced = [];
    clearInterval(statsTimer);
    statsTimer = null;
    pc = Parley.closePeerConnection(pc); // stops the microphone the headset switch may have swapped in
    if (localStream) {
      localStream.getTracks().forEach((track) => track.stop());
      localStream = null;
    }
    if (ws) {
      ws.onclose = null;
      ws.close();
      ws = null;
    }
    participantId = null;
    remotes.clear();
    freeMids.length = 0;
    players.forEach((audio) => audio.remove());
    players.clear();
    ui.statsBody.replaceChildren();
    Parley.showRecording(ui.recording, null);
  }

  /** The inbound-rtp audio reports of the peer connection, as plain objects. */
  async function inboundStats() {
    if (!pc) {
      return [];
    }
    const report = await pc.getStats();
    const inbound = [];
    report.forEach((stats) => {
      if (stats.type === 'inbound-rtp' && stats.kind === 'audio') {
        inbound.push({...stats});
      }
    });
    return inbound;
  }

  async function renderStats() {
    const byMid = new Map((await inboundStats()).map((stats) => [stats.mid, stats]));
    const rows = [];
    for (const remote of remotes.values()) {
      const stats = byMid.get(remote.mid) || {};
      const row = document.createElement('tr');
      const number = (value, digits) => value === undefined ? undefined : ParleyI18n.number(value, digits);
      const cells = [[remote.name, 'auto'], [remote.producerId, 'ltr'], [remote.mid, 'ltr'],
        [number(stats.packetsReceived)], [number(stats.packetsLost)],
        [number(stats.jitter === undefined ? undefined : stats.jitter * 1000, 1)], [number(stats.audioLevel, 3)]];
      for (const [value, dir] of cells) {
        const cell = document.createElement('td');
        cell.textContent = value === undefined ? t('table.none') : String(value);
        if (dir) {
          cell.dir = dir; // a name in any script; identifiers read left to right on an Arabic page too
        }
        row.appendChild(cell);
      }
      rows.push(row);
    }
    ui.statsBody.replaceChildren(...rows);
  }

  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    join(ui.name.value.trim()).catch(() => {});
  });

  /** RTCPeerConnection.connectionState in words. */
  function mediaState(state) {
    switch (state) {
      case 'new': return t('media.new');
      case 'connecting': return t('media.connecting');
      case 'connected': return t('media.connected');
      case 'disconnected': return t('media.disconnected');
      case 'failed': return t('media.failed');
      case 'closed': return t('media.closed');
      default: return state;
    }
  }
  ui.leave.addEventListener('click', () => leave().catch(() => {}));
  headset.onChange = (worn) => enqueue(() => Parley.applyHeadset(pc, worn))
      .catch((err) => problems.show('microphone', err.message));
  Parley.checkSecureContext(problems);

  window.parley = {
    join,
    leave,
    state: () => ({
      status,
      participantId,
      remoteProducers: [...remotes.values()].map((remote) => ({...remote})),
      connectionState: pc ? pc.connectionState : null,
      headset: headset.worn,
      microphone: Parley.microphoneSettings(pc),
      problems: problems.keys(),
    }),
    inboundStats,
  };

  const autojoin = new URLSearchParams(location.search).get('autojoin');
  if (autojoin) {
    ui.name.value = autojoin;
    join(autojoin).catch(() => {});
  }
});
