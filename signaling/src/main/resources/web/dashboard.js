// Operator dashboard: every meeting someone is in on this server (with the admin key or an operator account's
// login), the meetings an organiser account owns (its login), or the meeting of an operator's invitation
// (opened as /dashboard.html?token=…). A login is the organiser page's session cookie, which goes to /api
// only: the page trades it for a single-use ticket (POST /api/session/dashboard-ticket) before each
// watchDashboard, since the WebSocket carries no cookie. The server pushes a `dashboard` message at most
// once a second (PROTOCOL.md, "Operator dashboard"): the whole current state, plus the history samples this
// page has not had yet. Shown: each participant's link (grade, loss, jitter, round trip, score when the server
// computes one, media path, channel and tier) with a ten-minute graph (uPlot), the booths with who is live and
// a warning when a live microphone stays silent, listeners per channel, the mixer's load, and the alerts as
// they fire. Every text comes from the `dashboard` catalogue (i18n.js).
'use strict';

(async () => {
  await ParleyI18n.ready;
  const t = ParleyI18n.t;
  const lang = ParleyI18n.lang;
  const {element} = Parley;

  const KEY_STORAGE = 'parley.dashboardKey';
  const MAX_ALERTS = 100;
  const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000, 15000, 15000, 15000];
  const CHART_HEIGHT = 150;

  const ui = {
    title: document.getElementById('title'),
    status: document.getElementById('status'),
    signIn: document.getElementById('sign-in'),
    key: document.getElementById('admin-key'),
    sessionNote: document.getElementById('session-note'),
    sessionWho: document.getElementById('session-who'),
    alertsPanel: document.getElementById('alerts-panel'),
    alerts: document.getElementById('alerts'),
    summary: document.getElementById('summary'),
    meetings: document.getElementById('meetings'),
  };
  document.title = t('page.title');

  const token = Parley.tokenFromAddress();
  const meetingViews = new Map();   // meeting id -> MeetingView
  const alerts = [];                // newest first, at most MAX_ALERTS
  const seen = {messages: 0, at: 0, scope: null, historySeconds: 600, refused: null, last: null};

  const numbers = new Map();
  function number(value, digits) {
    if (value === null || value === undefined || Number.isNaN(value)) {
      return t('value.unknown');
    }
    if (!numbers.has(digits)) {
      numbers.set(digits, new Intl.NumberFormat(lang, {maximumFractionDigits: digits}));
    }
    return numbers.get(digits).format(value);
  }
  const percent = (value) => value == null ? t('value.unknown') : t('unit.percent', {value: number(value, 1)});
  const millis = (value) => value == null ? t('value.unknown') : t('unit.ms', {value: number(value, 1)});
  const clock = new Intl.DateTimeFormat(lang, {hour: '2-digit', minute: '2-digit', second: '2-digit'});
  const shortClock = new Intl.DateTimeFormat(lang, {hour: '2-digit', minute: '2-digit'});
  const timeOf = (epochSeconds) => clock.format(new Date(epochSeconds * 1000));

  let languageNames = null;
  try {
    languageNames = new Intl.DisplayNames([lang], {type: 'language'});
  } catch (err) {
    // an old browser: codes it is
  }
  function languageLabel(code) {
    if (code === 'floor') {
      return t('channel.floor');
    }
    const name = languageNames ? languageNames.of(code) : null;
    return name && name !== code ? name : code;
  }
  /** A catalogue entry for a value the server names (role, tier…), or the value itself when there is none. */
  function named(prefix, value) {
    const key = prefix + value;
    const text = t(key);
    return text === key ? value : text;
  }

  function setStatus(text) {
    ui.status.textContent = text;
  }

  // ---- Participants ----------------------------------------------------------------------------------------

  /** One participant: figures, badges and a ten-minute graph of loss, jitter, round trip (and MOS once scored). */
  class ParticipantCard {
    constructor(participant) {
      this.id = participant.participantId;
      this.node = element('article', null, {class: 'participant-card'});
      this.name = element('h4');
      this.meta = element('p', null, {class: 'meta'});
      this.grade = element('span', null, {class: 'quality'});
      this.transport = element('span', null, {class: 'badge transport'});
      const badges = element('p', null, {class: 'badges'});
      badges.append(this.grade, this.transport);
      this.channel = element('p', null, {class: 'meta'});
      this.figures = element('dl', null, {class: 'figures'});
      this.values = {};
      for (const figure of ['loss', 'jitter', 'rtt', 'mos']) {
        const value = element('dd');
        const pair = element('div');
        pair.append(element('dt', t('figure.' + figure)), value);
        this.figures.append(pair);
        this.values[figure] = value;
      }
      this.chartBox = element('div', null, {class: 'chart', dir: 'ltr', role: 'img'});
      this.node.append(this.name, this.meta, badges, this.channel, this.figures, this.chartBox);
      this.data = [[], [], [], [], []];   // x (Unix seconds), loss %, jitter ms, round trip ms, MOS
      this.chart = null;
      this.hasMos = false;
    }

    update(participant, full, at, windowSeconds) {
      this.name.textContent = participant.name;
      const role = named('role.', participant.role);
      this.meta.textContent = participant.booth
        ? t('participant.interpreterOf', {role, booth: languageLabel(participant.booth)}) : role;
      const quality = participant.quality || {};
      this.grade.dataset.rating = quality.grade || 'unknown';
      this.grade.textContent = t('grade.' + (quality.grade || 'unknown'));
      this.transport.dataset.transport = participant.transport;
      this.transport.textContent = t('transport.' + participant.transport);
      const channel = participant.channel;
      this.channel.textContent = channel
        ? t('participant.channel', {language: languageLabel(channel.language), variant: named('variant.', channel.variant),
          tier: named('tier.', channel.tier)})
        : t('participant.noChannel');
      this.values.loss.textContent = percent(quality.lossPercent);
      this.values.jitter.textContent = millis(quality.jitterMs);
      this.values.rtt.textContent = millis(quality.rttMs);
      this.values.mos.textContent = quality.mos == null ? t('value.unknown') : number(quality.mos, 2);
      this.chartBox.setAttribute('aria-label', t('chart.label', {name: participant.name}));
      if (full) {
        this.data.forEach((series) => series.splice(0));
      }
      if (participant.history) {
        this.append(participant.history);
      }
      this.trim(at - windowSeconds);
      this.draw(at, windowSeconds);
    }

    append(history) {
      const x = this.data[0];
      const count = history.lossPercent.length;
      if (x.length > 0 && history.from > x[x.length - 1] + 1) {
        // Seconds nobody sent (the page was away): a gap in the lines, not a straight line across.
        this.data.forEach((series, i) => series.push(i === 0 ? history.from - 1 : null));
      }
      for (let i = 0; i < count; i++) {
        x.push(history.from + i);
        this.data[1].push(history.lossPercent[i]);
        this.data[2].push(history.jitterMs[i]);
        this.data[3].push(history.rttMs[i]);
        this.data[4].push(history.mos[i]);
        this.hasMos = this.hasMos || history.mos[i] !== null;
      }
    }

    trim(oldest) {
      let drop = 0;
      while (drop < this.data[0].length && this.data[0][drop] < oldest) {
        drop++;
      }
      if (drop > 0) {
        this.data.forEach((series) => series.splice(0, drop));
      }
    }

    draw(at, windowSeconds) {
      this.window = [at - windowSeconds, at];
      if (!this.chart) {
        if (typeof uPlot === 'undefined') {
          return;
        }
        this.chart = new uPlot(this.options(), this.data, this.chartBox);
        this.resizer = new ResizeObserver(() => this.resize());
        this.resizer.observe(this.chartBox);
      } else {
        this.chart.setData(this.data);
      }
      if (this.hasMos && !this.chart.series[4].show) {
        this.chart.setSeries(4, {show: true});
      }
    }

    resize() {
      const width = Math.max(200, Math.floor(this.chartBox.clientWidth));
      if (this.chart && width !== this.chart.width) {
        this.chart.setSize({width, height: CHART_HEIGHT});
      }
    }

    options() {
      const legendValue = (format) => (u, value) => value == null ? t('value.unknown') : format(value);
      return {
        width: Math.max(200, Math.floor(this.chartBox.clientWidth || 300)),
        height: CHART_HEIGHT,
        scales: {
          x: {time: true, range: () => this.window},
          pct: {range: (u, min, max) => [0, Math.max(5, max || 0)]},
          ms: {range: (u, min, max) => [0, Math.max(50, max || 0)]},
          mos: {range: [1, 5]},
        },
        axes: [
          {values: (u, splits) => splits.map((s) => shortClock.format(new Date(s * 1000))), size: 30},
          {scale: 'pct', values: (u, splits) => splits.map((s) => t('unit.percent', {value: number(s, 0)})), size: 50},
          {scale: 'ms', side: 1, grid: {show: false}, values: (u, splits) => splits.map((s) => number(s, 0)), size: 40,
            label: t('chart.msAxis'), labelSize: 16, labelFont: '12px system-ui, sans-serif'},
        ],
        series: [
          {label: t('chart.time'), value: (u, value) => value == null ? t('value.unknown') : timeOf(value)},
          {label: t('chart.loss'), scale: 'pct', stroke: '#c01c28', width: 2, spanGaps: false, value: legendValue(percent)},
          {label: t('chart.jitter'), scale: 'ms', stroke: '#b07a00', width: 1.5, value: legendValue(millis)},
          {label: t('chart.rtt'), scale: 'ms', stroke: '#1a5fb4', width: 1.5, value: legendValue(millis)},
          {label: t('chart.mos'), scale: 'mos', stroke: '#0b5a22', width: 2, show: this.hasMos,
            value: legendValue((v) => number(v, 2))},
        ],
      };
    }

    remove() {
      if (this.resizer) {
        this.resizer.disconnect();
      }
      if (this.chart) {
        this.chart.destroy();
      }
      this.node.remove();
    }
  }

  // ---- Meetings --------------------------------------------------------------------------------------------

  /** One meeting's panel: mixer, channels, booths, participants. */
  class MeetingView {
    constructor(meeting) {
      this.id = meeting.meeting;
      this.node = element('section', null, {class: 'panel meeting', 'aria-labelledby': 'meeting-' + this.id});
      this.heading = element('h2', null, {id: 'meeting-' + this.id});
      this.counts = element('p', null, {class: 'note'});
      // The same red indicator as the consoles: an operator sees at a glance which meetings are recorded.
      this.recording = element('p', null, {class: 'recording-indicator', role: 'status'});
      this.recording.hidden = true;
      this.webcast = element('p', null, {class: 'note webcast'});
      this.webcast.hidden = true;
      this.mixer = element('p', null, {class: 'mixer'});
      this.channels = element('ul', null, {class: 'channels'});
      this.boothRows = element('tbody');
      this.booths = element('table', null, {class: 'stack booths'});
      const head = element('thead');
      const headRow = element('tr');
      for (const column of ['booth', 'live', 'listeners', 'state']) {
        headRow.append(element('th', t('booths.col.' + column), {scope: 'col'}));
      }
      head.append(headRow);
      this.booths.append(element('caption', t('booths.caption')), head, this.boothRows);
      this.people = element('div', null, {class: 'participant-grid'});
      this.nobody = element('p', t('participants.none'), {class: 'note'});
      const boothScroll = element('div', null, {class: 'table-scroll'});
      boothScroll.append(this.booths);
      this.node.append(this.heading, this.recording, this.counts, this.webcast,
        element('h3', t('mixer.heading')), this.mixer,
        element('h3', t('channels.heading')), this.channels,
        element('h3', t('booths.heading')), boothScroll,
        element('h3', t('participants.heading')), this.nobody, this.people);
      this.cards = new Map();
    }

    update(meeting, message) {
      this.heading.textContent = meeting.title + ' (' + meeting.meeting + ')';
      this.counts.textContent = t('meeting.counts', {participants: meeting.participants.length,
        languages: meeting.languages.map(languageLabel).join(', ')});
      this.recording.hidden = !meeting.recordingSince;
      this.recording.textContent = meeting.recordingSince
        ? t('meeting.recording', {time: timeOf(Date.parse(meeting.recordingSince) / 1000)}) : '';
      // The estimate: distinct addresses that fetched a playlist in the last 30 s (a CDN counts as its addresses).
      this.webcast.hidden = meeting.webcastListeners == null;
      this.webcast.textContent = meeting.webcastListeners == null ? ''
        : t('meeting.webcast', {count: number(meeting.webcastListeners, 0)});
      this.showMixer(meeting.mixer);
      this.channels.replaceChildren(...meeting.channels.map((channel) => {
        const item = element('li');
        item.append(element('span', languageLabel(channel.language), {class: 'channel-name'}),
          element('span', number(channel.listeners, 0), {class: 'channel-count'}));
        item.setAttribute('aria-label', t('channels.item', {language: languageLabel(channel.language),
          count: channel.listeners}));
        return item;
      }));
      this.showBooths(meeting.booths);
      this.showParticipants(meeting.participants, message);
    }

    showMixer(mixer) {
      this.mixer.dataset.overrunning = String(Boolean(mixer && mixer.overrunsLastSecond > 0));
      if (!mixer) {
        this.mixer.textContent = t('mixer.none');
        return;
      }
      let text = t('mixer.figures', {tick: number(mixer.tickMs, 2), max: number(mixer.maxTickMs, 1),
        frame: number(mixer.frameMs, 0), overruns: number(mixer.overruns, 0)});
      if (mixer.overrunsLastSecond > 0) {
        text += ' ' + t('mixer.overrunsNow', {count: mixer.overrunsLastSecond});
      }
      this.mixer.textContent = text;
    }

    showBooths(booths) {
      if (booths.length === 0) {
        const row = element('tr');
        row.append(element('td', t('booths.none'), {colspan: '4'}));
        this.boothRows.replaceChildren(row);
        return;
      }
      this.boothRows.replaceChildren(...booths.map((booth) => {
        const row = element('tr');
        const state = element('td', null, {'data-label': t('booths.col.state')});
        if (!booth.live) {
          state.textContent = t('booth.idle');
        } else if (booth.silent) {
          state.textContent = t('booth.silent', {seconds: booth.silentSeconds});
          state.className = 'silent';
          row.dataset.silent = 'true';
        } else {
          state.textContent = booth.silentSeconds == null ? t('value.unknown') : t('booth.sound');
        }
        row.append(element('td', languageLabel(booth.language), {'data-label': t('booths.col.booth')}),
          element('td', booth.live ? booth.live.name : t('booth.nobody'),
            {'data-label': t('booths.col.live'), class: booth.live ? 'live' : ''}),
          element('td', number(booth.listeners, 0), {'data-label': t('booths.col.listeners')}),
          state);
        return row;
      }));
    }

    showParticipants(participants, message) {
      this.nobody.hidden = participants.length > 0;
      const present = new Set();
      participants.forEach((participant, index) => {
        present.add(participant.participantId);
        let card = this.cards.get(participant.participantId);
        if (!card) {
          card = new ParticipantCard(participant);
          this.cards.set(card.id, card);
        }
        if (this.people.children[index] !== card.node) {
          this.people.insertBefore(card.node, this.people.children[index] || null);
        }
        card.update(participant, message.full, message.at, message.historySeconds);
      });
      for (const [id, card] of this.cards) {
        if (!present.has(id)) {
          card.remove();
          this.cards.delete(id);
        }
      }
    }

    remove() {
      this.cards.forEach((card) => card.remove());
      this.node.remove();
    }
  }

  // ---- Alerts ----------------------------------------------------------------------------------------------

  function alertText(alert, titles) {
    const params = {time: timeOf(alert.at), meeting: titles.get(alert.meeting) || alert.meeting,
      name: alert.name || '', language: alert.language ? languageLabel(alert.language) : '',
      value: number(alert.value, 1)};
    return t('alert.' + alert.kind, params);
  }

  function showAlerts(fresh, titles) {
    for (const alert of fresh) {
      alerts.unshift({...alert, text: alertText(alert, titles)});
    }
    alerts.splice(MAX_ALERTS);
    ui.alertsPanel.hidden = false;
    if (alerts.length === 0) {
      ui.alerts.replaceChildren(element('li', t('alerts.none'), {class: 'empty'}));
      return;
    }
    if (fresh.length > 0 || ui.alerts.querySelector('.empty')) {
      ui.alerts.replaceChildren(...alerts.map((alert) => element('li', alert.text, {'data-kind': alert.kind})));
    }
  }

  // ---- Messages --------------------------------------------------------------------------------------------

  function render(message) {
    seen.last = message;
    seen.messages++;
    seen.at = message.at;
    seen.scope = message.scope;
    seen.historySeconds = message.historySeconds;
    const present = new Set();
    const titles = new Map();
    let participants = 0;
    message.meetings.forEach((meeting, index) => {
      present.add(meeting.meeting);
      titles.set(meeting.meeting, meeting.title);
      participants += meeting.participants.length;
      let view = meetingViews.get(meeting.meeting);
      if (!view) {
        view = new MeetingView(meeting);
        meetingViews.set(meeting.meeting, view);
      }
      if (ui.meetings.children[index] !== view.node) {
        ui.meetings.insertBefore(view.node, ui.meetings.children[index] || null);
      }
      view.update(meeting, message);
    });
    for (const [id, view] of meetingViews) {
      if (!present.has(id)) {
        view.remove();
        meetingViews.delete(id);
      }
    }
    if (message.meetings.length === 0) {
      ui.summary.textContent = t(message.scope === 'server' ? 'summary.noMeetings'
        : session ? 'summary.noOwnMeetings' : 'summary.meetingNotRunning');
    } else {
      ui.summary.textContent = t('summary.counts', {meetings: message.meetings.length, participants});
    }
    showAlerts(message.alerts, titles);
  }

  // ---- Connection ------------------------------------------------------------------------------------------

  function storedKey() {
    try {
      return sessionStorage.getItem(KEY_STORAGE);
    } catch (err) {
      return null;
    }
  }

  function storeKey(key) {
    try {
      if (key) {
        sessionStorage.setItem(KEY_STORAGE, key);
      } else {
        sessionStorage.removeItem(KEY_STORAGE);
      }
    } catch (err) {
      // storage off: the key is asked again after a reload
    }
  }

  const sleep = (millis) => new Promise((resolve) => setTimeout(resolve, millis));
  let signaling = null;

  let session = null;  // {account, role} of the organiser page's login, used when there is no key or token

  // The organiser page's login, if any (401 without one).
  async function findSession() {
    try {
      const response = await fetch('/api/session', {cache: 'no-store'});
      return response.ok ? await response.json() : null;
    } catch (err) {
      return null;
    }
  }

  /** A fresh single-use ticket of the login (the cookie goes along to /api; fetch sends the Origin). */
  async function loginTicket() {
    const response = await fetch('/api/session/dashboard-ticket', {method: 'POST', cache: 'no-store'});
    if (!response.ok) {
      throw new Parley.SignalingError('LOGGED_OUT', 'HTTP ' + response.status);
    }
    return {ticket: (await response.json()).ticket};
  }

  function showSession() {
    ui.sessionNote.hidden = session === null;
    ui.sessionWho.textContent = session === null ? ''
      : t('session.who', {account: `\u2068${session.account}\u2069`, role: t('session.role.' + session.role)});
  }

  /**
   * Watches with what `credentialsFor` gives (the invitation token, the admin key, or a new login
   * ticket for every attempt); on a lost connection tries again, with growing pauses.
   */
  async function watch(credentialsFor) {
    ui.signIn.hidden = true;
    let credentials = {};
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      setStatus(t('status.connecting'));
      let unreachable = false;
      try {
        credentials = await credentialsFor();
      } catch (err) {
        if (err instanceof Parley.SignalingError) {
          refused(err.code, credentials);
          return;
        }
        unreachable = true; // the server did not answer the ticket request: as for a lost connection
      }
      if (unreachable) {
        if (attempt === RETRY_DELAYS_MS.length) {
          break;
        }
        setStatus(t('status.lost', {seconds: Math.round(RETRY_DELAYS_MS[attempt] / 1000)}));
        await sleep(RETRY_DELAYS_MS[attempt]);
        continue;
      }
      const lost = new Promise((resolve) => {
        signaling = new Parley.Signaling();
        signaling.on('dashboard', render);
        signaling.on('error', (error) => {
          seen.refused = error.code;
        });
        signaling.onClose = resolve;
      });
      try {
        await signaling.open();
        render(await signaling.request({type: 'watchDashboard', ...credentials}));
        attempt = -1; // it worked: a later loss starts from the shortest pause
        setStatus(t(seen.scope === 'server' ? 'status.watchingServer'
          : credentials.ticket ? 'status.watchingOwn' : 'status.watchingMeeting'));
      } catch (err) {
        if (err instanceof Parley.SignalingError && err.code !== 'CLOSED') {
          refused(err.code, credentials);
          signaling.close();
          return;
        }
      }
      await lost;
      if (seen.refused) {
        refused(seen.refused, credentials); // the server closed the view: the invitation ended
        return;
      }
      if (attempt === RETRY_DELAYS_MS.length) {
        break;
      }
      const pause = RETRY_DELAYS_MS[Math.max(0, attempt)];
      setStatus(t('status.lost', {seconds: Math.round(pause / 1000)}));
      await sleep(pause);
    }
    setStatus(t('status.gaveUp'));
  }

  /** The server refused the credentials (or stopped admitting them): says why in the reader's language. */
  function refused(code, credentials) {
    const reasons = {FORBIDDEN: credentials.key ? 'refused.wrongKey' : 'refused.notOperator',
      TOKEN_EXPIRED: 'refused.expired', TOKEN_REVOKED: 'refused.revoked', TOKEN_INVALID: 'refused.invalid',
      TICKET_INVALID: 'refused.loggedOut', LOGGED_OUT: 'refused.loggedOut'};
    setStatus(t(reasons[code] || 'refused.other', {code}));
    if (reasons[code] === 'refused.loggedOut') {
      session = null;
      showSession();
      askForKey();
    }
    if (credentials.key) {
      storeKey(null);
      askForKey();
    }
  }

  function askForKey() {
    ui.signIn.hidden = false;
    ui.key.focus();
  }

  ui.signIn.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = ui.key.value.trim();
    if (!key) {
      return;
    }
    ui.key.value = '';
    storeKey(key);
    session = null;
    showSession();
    watch(async () => ({key}));
  });

  window.parley = {
    state: () => ({
      session,
      scope: seen.scope,
      messages: seen.messages,
      at: seen.at,
      meetings: [...meetingViews.keys()],
      participants: [...meetingViews.values()].flatMap((view) => [...view.cards.values()].map((card) => ({
        participantId: card.id, name: card.name.textContent, grade: card.grade.dataset.rating,
        transport: card.transport.dataset.transport, points: card.data[0].length, drawn: Boolean(card.chart)}))),
      booths: seen.last ? seen.last.meetings.flatMap((meeting) => meeting.booths.map((booth) => ({
        meeting: meeting.meeting, language: booth.language, live: booth.live && booth.live.name, silent: booth.silent}))) : [],
      alerts: alerts.map((alert) => ({kind: alert.kind, text: alert.text})),
    }),
  };

  if (token) {
    watch(async () => ({token}));
  } else if (storedKey()) {
    const key = storedKey();
    watch(async () => ({key}));
  } else if ((session = await findSession()) !== null) {
    showSession();
    watch(loginTicket);
  } else {
    setStatus(t('status.signIn'));
    askForKey();
  }
})();
