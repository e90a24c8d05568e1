// The webcast page: /webcast.html?meeting=<id>. Plays the meeting's HLS webcast (/webcast/<id>/index.m3u8):
// each channel (the floor and every language) is an audio rendition of one presentation, cut at the same
// places, so switching channel keeps the position. hls.js (vendored, web/vendor/hls.min.js) plays it
// through Media Source Extensions where the browser takes Opus in MP4; otherwise the browser's own HLS
// (Safari) if it has it. Captions come over the signaling WebSocket (below). Test hook: window.parleyWebcast.
'use strict';

(async () => {
  const {t} = ParleyI18n;
  await ParleyI18n.ready;
  const $ = (id) => document.getElementById(id);
  const audio = $('player');
  const channelSelect = $('channel');
  const playButton = $('play');
  const liveButton = $('live');
  const meeting = new URLSearchParams(location.search).get('meeting');
  let hls = null;
  let engine = 'none';
  let tracks = []; // {name, lang} in the playlist's order
  let chosen = -1;
  let retryTimer = null;

  const setStatus = (key, params) => { $('status').textContent = t(key, params); };
  const problem = (key, params) => {
    const p = document.createElement('p');
    p.textContent = t(key, params);
    $('problems').replaceChildren(p);
  };
  const clearProblem = () => $('problems').replaceChildren();

  if (!meeting) {
    problem('problem.noMeeting');
    setStatus('status.idle');
    return;
  }
  $('title').textContent = t('headingMeeting', {meeting});
  const source = `/webcast/${encodeURIComponent(meeting)}/index.m3u8`;

  const label = (track) => (track.lang ? ParleyI18n.languageName(track.lang) : t('channel.floor'));

  function showTracks(list, selected) {
    tracks = list;
    channelSelect.replaceChildren(...list.map((track, index) => {
      const option = document.createElement('option');
      option.value = String(index);
      option.textContent = label(track);
      return option;
    }));
    channelSelect.disabled = list.length === 0;
    playButton.disabled = list.length === 0;
    liveButton.disabled = list.length === 0;
    if (selected >= 0) channelSelect.value = String(selected);
  }

  /** The channel to start on: the page's language if the meeting has it, else the playlist's default. */
  function preferredTrack(list, fallback) {
    const own = list.findIndex((track) => track.lang === ParleyI18n.lang);
    return own >= 0 ? own : fallback;
  }

  function choose(index) {
    if (index < 0 || index >= tracks.length) return;
    chosen = index;
    if (hls) {
      hls.audioTrack = index;
    } else if (audio.audioTracks) {
      for (let i = 0; i < audio.audioTracks.length; i++) audio.audioTracks[i].enabled = i === index;
    }
    channelSelect.value = String(index);
    renderCaptions();
  }

  function startHlsJs() {
    engine = 'hls.js';
    hls = new Hls({liveSyncDurationCount: 3, manifestLoadingMaxRetry: 1000, levelLoadingMaxRetry: 1000});
    // The renditions are known once hls.js has picked the variant whose audio group they form.
    hls.on(Hls.Events.AUDIO_TRACKS_UPDATED, (event, data) => {
      const list = data.audioTracks.map((track) => ({name: track.name, lang: track.lang || ''}));
      const keep = chosen >= 0 && chosen < list.length;
      const start = keep ? chosen : preferredTrack(list, Math.max(0, hls.audioTrack));
      showTracks(list, start);
      if (!keep || hls.audioTrack !== start) choose(start);
      clearProblem();
      setStatus('status.ready');
    });
    hls.on(Hls.Events.AUDIO_TRACK_SWITCHED, (event, data) => {
      channelSelect.value = String(data.id);
    });
    hls.on(Hls.Events.ERROR, (event, data) => {
      if (!data.fatal) return;
      // The webcast is off, or the meeting not started: try again in a while.
      problem('problem.unavailable');
      hls.destroy();
      hls = null;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(startHlsJs, 5000);
    });
    hls.loadSource(source);
    hls.attachMedia(audio);
  }

  function startNative() {
    engine = 'native';
    audio.src = source;
    audio.addEventListener('loadedmetadata', () => {
      const list = [];
      if (audio.audioTracks) {
        for (let i = 0; i < audio.audioTracks.length; i++) {
          list.push({name: audio.audioTracks[i].label, lang: audio.audioTracks[i].language || ''});
        }
      }
      const start = preferredTrack(list, 0);
      showTracks(list, start);
      choose(start);
      setStatus('status.ready');
    });
    audio.addEventListener('error', () => problem('problem.unavailable'));
  }

  // --- Captions ----------------------------------------------------------------------------------
  // The meeting's `caption` events (PROTOCOL.md) come over the signaling WebSocket: the page joins listen-only,
  // as an anonymous observer (`listenOnly`), or with an observer's invitation (`?token=…`), and never sends an
  // offer: no WebRTC, the audio stays the webcast's. Where the meeting admits neither (TOKEN_REQUIRED), the
  // captions stay hidden and the webcast plays on. A dropped connection joins again (Parley.keepConnected).
  const MAX_CAPTION_LINES = 3;
  const KEPT_CAPTIONS = 200;
  const signaling = new Parley.Signaling();
  const captionStatus = new Parley.StatusLine($('captions-status'));
  const captionLog = []; // {at: performance.now() on arrival, language, floor, text, final}, oldest first
  let captionsState = 'off'; // 'joining', 'on', 'reconnecting', or the code of the join's refusal
  let meetingLanguages = [];
  let reconnector = null;
  let played = false; // once the audio has played, captions wait for it
  let renderTimer = null;
  let shownLanguage = null;
  let shownLines = []; // the final captions in the list, oldest first

  /** The channel listened to: its language, '' for the floor; before the renditions are known, the page's language if the meeting has it. */
  function listenedLanguage() {
    if (tracks[chosen]) return tracks[chosen].lang;
    return meetingLanguages.includes(ParleyI18n.lang) ? ParleyI18n.lang : '';
  }

  /**
   * How far the audio plays behind the meeting, in milliseconds: a caption waits as long, so that it comes
   * with the words it captions rather than seconds before them. Nothing to wait for until the audio plays
   * (someone who only reads the captions reads them live).
   */
  function captionDelayMillis() {
    if (!played) return 0;
    const edge = liveEdge();
    const seconds = hls ? hls.latency : edge === null ? 0 : edge - audio.currentTime;
    return Number.isFinite(seconds) ? Math.max(0, seconds) * 1000 : 0;
  }

  /** Shows the last final captions of the channel listened to (the floor's on the floor) that are due, and the one being written. */
  function renderCaptions() {
    const language = listenedLanguage();
    const due = performance.now() - captionDelayMillis();
    const visible = captionLog.filter((caption) => caption.at <= due
        && (language ? caption.language === language : caption.floor));
    const lines = visible.filter((caption) => caption.final).slice(-MAX_CAPTION_LINES);
    const list = $('captions');
    const line = (caption) => Parley.element('li', caption.text, {lang: caption.language, dir: 'auto'});
    // Append what is new, so that the live region announces only that; start over on another channel.
    const kept = shownLines.length ? lines.indexOf(shownLines[shownLines.length - 1]) : -1;
    if (language !== shownLanguage || (shownLines.length && kept < 0)) {
      list.replaceChildren(...lines.map(line));
    } else {
      list.append(...lines.slice(kept + 1).map(line));
      while (list.children.length > MAX_CAPTION_LINES) list.firstElementChild.remove();
    }
    shownLanguage = language;
    shownLines = lines;
    const last = visible[visible.length - 1];
    const pending = $('caption-pending');
    pending.textContent = last && !last.final ? last.text : '';
    if (last) pending.lang = last.language;
  }

  function onCaption(message) {
    captionLog.push({at: performance.now(), language: message.language, floor: message.floor === true,
      text: message.text, final: message.final !== false});
    if (captionLog.length > KEPT_CAPTIONS) captionLog.shift();
    $('captions-panel').hidden = false; // the meeting has captions
    renderCaptions();
  }

  function onJoined(joined) {
    meetingLanguages = joined.languages || [];
    if (joined.title) $('title').textContent = t('headingMeeting', {meeting: joined.title});
    captionsState = 'on';
    if (renderTimer === null) renderTimer = setInterval(renderCaptions, 250); // captions fall due as the audio plays
    renderCaptions();
  }

  async function startCaptions() {
    const token = new URLSearchParams(location.search).get('token');
    signaling.joinRequest = token ? {type: 'join', token, listenOnly: true} : {type: 'join', meeting, listenOnly: true};
    signaling.on('caption', onCaption);
    signaling.on('meetingEnded', () => captionStatus.finish(t('status.meetingEnded')));
    reconnector = Parley.keepConnected(signaling, captionStatus, () => { captionsState = 'reconnecting'; },
        async (rejoin) => {
          if (!rejoin) return; // no transport, so no transportClosed
          onJoined(await Parley.rejoin(signaling));
          captionStatus.show(t('captions.reconnected'));
        });
    captionsState = 'joining';
    try {
      onJoined(await Parley.rejoin(signaling));
    } catch (err) {
      if (err.code === 'CLOSED') return; // the server was not reached: the reconnector tries again
      captionsState = err.code || 'error'; // refused: no captions here, the webcast plays on
      captionStatus.finish('');
      signaling.close();
    }
  }
  audio.addEventListener('playing', () => { played = true; });
  startCaptions();

  const mseTakesOpus = () => window.Hls && Hls.isSupported() && window.MediaSource
      && MediaSource.isTypeSupported('audio/mp4; codecs="opus"');
  if (mseTakesOpus()) {
    startHlsJs();
  } else if (audio.canPlayType('application/vnd.apple.mpegurl')) {
    startNative();
  } else {
    problem('problem.unsupported');
    setStatus('status.idle');
    return;
  }

  channelSelect.addEventListener('change', () => choose(Number(channelSelect.value)));
  playButton.addEventListener('click', () => {
    if (audio.paused) {
      audio.play().catch(() => problem('problem.playRefused'));
    } else {
      audio.pause();
    }
  });
  liveButton.addEventListener('click', () => {
    const edge = liveEdge();
    if (edge !== null) audio.currentTime = edge;
  });
  $('volume').addEventListener('input', () => { audio.volume = Number($('volume').value) / 100; });

  function liveEdge() {
    if (hls && hls.liveSyncPosition !== null && hls.liveSyncPosition !== undefined) return hls.liveSyncPosition;
    return audio.seekable.length ? audio.seekable.end(audio.seekable.length - 1) : null;
  }

  function update() {
    const playing = !audio.paused;
    playButton.setAttribute('aria-pressed', String(playing));
    playButton.textContent = t(playing ? 'play.pause' : 'play.play');
    const edge = liveEdge();
    const behind = edge === null ? 0 : Math.max(0, edge - audio.currentTime);
    $('position').textContent = !playing ? '' : behind < 4 ? t('position.live')
      : t('position.behind', {seconds: ParleyI18n.number(behind)});
    if (playing && tracks[chosen]) setStatus('status.playing', {channel: label(tracks[chosen])});
  }
  ['play', 'pause', 'timeupdate'].forEach((name) => audio.addEventListener(name, update));

  window.parleyWebcast = {
    state: () => ({engine, meeting, tracks, channel: chosen, currentTime: audio.currentTime, paused: audio.paused,
      hlsTrack: hls ? hls.audioTrack : null}),
    choose,
    play: () => audio.play(),
    /** The captions: state (on, joining, reconnecting, or why the join was refused), the channel's language, the lines shown. */
    captions: () => ({state: captionsState, language: listenedLanguage(), panel: !$('captions-panel').hidden,
      lines: [...$('captions').children].map((item) => item.textContent), pending: $('caption-pending').textContent,
      status: $('captions-status').textContent, recoveries: reconnector ? reconnector.recoveries : 0,
      delay: captionDelayMillis() / 1000}),
    /** Drops the captions' WebSocket as a network failure would. */
    dropCaptions: () => signaling.ws.close(),
  };
})();
