// The webcast page: /webcast.html?meeting=<id>. Plays the meeting's HLS webcast (/webcast/<id>/index.m3u8):
// each channel (the floor and every language) is an audio rendition of one presentation, cut at the same
// places, so switching channel keeps the position. hls.js (vendored, web/vendor/hls.min.js) plays it
// through Media Source Extensions where the browser takes Opus in MP4; otherwise the browser's own HLS
// (Safari) if it has it. Test hook: window.parleyWebcast.
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
    /** Shows a caption line (the hook for captions once the webcast carries them). */
    showCaption: (text) => {
      $('captions-panel').hidden = false;
      $('captions').textContent = text;
    },
  };
})();
