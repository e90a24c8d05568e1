// The organiser page: log in with an organiser (or operator) account, list the meetings it may see,
// create and edit them, invite people one by one or from a CSV file, hand out join links (copy, or an
// e-mail ready to send), revoke invitations, end and delete meetings. Everything goes through the
// provisioning API (API.md) with the session cookie; the server checks every request's scope, the page
// only hides what the account may not do. Every text comes from the message catalogues
// (/i18n/organiser/<lang>.json); an invitation's e-mail is written in the invitee's language when the
// pages are written in it.
'use strict';

(() => {
  const t = (key, params) => ParleyI18n.t(key, params);
  const $ = (id) => document.getElementById(id);

  const ROLES = ['delegate', 'interpreter', 'chair', 'observer', 'operator', 'room-system', 'captioner'];
  // The six official languages, in the UN's order; other ISO 639-1 codes can be added by hand.
  const UN_LANGUAGES = ['ar', 'zh', 'en', 'fr', 'ru', 'es'];
  const PAGE_LANGUAGES = ParleyI18n.LANGUAGES.map((l) => l.code);
  const DAY_MS = 24 * 3600 * 1000;
  const MAX_CSV_ROWS = 500;
  const MAX_CSV_BYTES = 1024 * 1024;
  const CSV_COLUMNS = ['name', 'role', 'language', 'email', 'country', 'organisation'];
  const CSV_ALIASES = {'organization': 'organisation', 'e-mail': 'email', 'mail': 'email', 'booth': 'language'};
  // The same rule as the server's (MeetingRequests.EMAIL): nothing that would split a mailto: link.
  const EMAIL = /^[^\s@<>()[\],;:"\\]+@[^\s@<>()[\],;:"\\]+\.[^\s@<>()[\],;:"\\.]+$/;

  const state = {
    session: null,        // {account, role, expiresAt, tiers}
    view: 'none',
    meetings: [],
    meeting: null,        // the meeting shown, as the API answered; null while creating one
    invitations: [],
    recordings: [],
    csv: [],              // the last upload's results: {line, name, ok, message}
    booths: new Map(),    // language -> {enabled, relay}: what the booth table shows, kept across re-renders
  };

  // ---------------------------------------------------------------- the API

  class ApiFailure extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        credentials: 'same-origin',
        headers: body === undefined ? {} : {'Content-Type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new ApiFailure(0, 'NETWORK', t('error.network'));
    }
    const text = await response.text();
    let json = null;
    if (text) {
      try { json = JSON.parse(text); } catch (e) { json = null; }
    }
    if (!response.ok) {
      const failure = new ApiFailure(response.status, json && json.error || 'HTTP_' + response.status,
        json && json.message || response.statusText);
      failure.retryAfter = response.headers.get('Retry-After');
      if (response.status === 401 && path !== '/api/session') {
        sessionLost();
      }
      throw failure;
    }
    return json;
  }

  /** A refusal in the user's words: the server's own message follows as a detail. */
  function describe(failure) {
    if (!(failure instanceof ApiFailure)) return t('error.unexpected', {message: String(failure && failure.message || failure)});
    if (failure.code === 'NETWORK') return failure.message;
    if (failure.status === 429) return t('error.tooMany', {seconds: failure.retryAfter || '60'});
    if (failure.status === 403) return t('error.forbidden', {message: failure.message});
    if (failure.status === 404) return t('error.notFound', {message: failure.message});
    return t('error.refused', {message: failure.message});
  }

  // ---------------------------------------------------------------- small helpers

  const displayNames = new Map();
  /** A language's name in the page's language (or {@code lang}'s), with its code: "French (fr)". */
  function languageName(code, lang) {
    const shownIn = lang || ParleyI18n.lang;
    try {
      if (!displayNames.has(shownIn)) displayNames.set(shownIn, new Intl.DisplayNames([shownIn], {type: 'language'}));
      const name = displayNames.get(shownIn).of(code);
      return name && name !== code ? `${name} (${code})` : code;
    } catch (e) {
      return code;
    }
  }

  const roleName = (role) => t('role.' + role);

  function tierName(tier) {
    const key = 'tier.' + tier;
    const text = t(key);
    return text === key ? tier : text;
  }

  function formatTime(iso, lang) {
    if (!iso) return '';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return iso;
    return new Intl.DateTimeFormat(lang || ParleyI18n.lang, {dateStyle: 'medium', timeStyle: 'short'}).format(date);
  }

  function scheduleText(meeting, lang) {
    if (!meeting.schedule) return t('meetings.unscheduled');
    return `${formatTime(meeting.schedule.start, lang)} – ${formatTime(meeting.schedule.end, lang)}`;
  }

  const pad = (n) => String(n).padStart(2, '0');

  /** An ISO date-time with offset as the value of a datetime-local input, in this browser's time zone. */
  function toLocalInput(iso) {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return '';
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  /** A datetime-local value as ISO-8601 with this browser's offset at that moment (what the API wants). */
  function fromLocalInput(value) {
    const d = new Date(value);
    if (Number.isNaN(d.getTime())) return null;
    const offset = -d.getTimezoneOffset();
    const sign = offset >= 0 ? '+' : '-';
    const abs = Math.abs(offset);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:00`
      + `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  }

  function element(tag, props, ...children) {
    const el = document.createElement(tag);
    Object.assign(el, props || {});
    for (const child of children) {
      if (child !== null && child !== undefined) el.append(child);
    }
    return el;
  }

  /** A table cell with data-label: the column's name, shown before each value where a table becomes cards (phones). */
  function cell(label, props, ...children) {
    const td = element('td', props, ...children);
    td.dataset.label = t(label);
    return td;
  }

  function setStatus(text) {
    $('status').textContent = text || '';
  }

  function setProblem(text) {
    $('problems').textContent = text || '';
  }

  async function copy(text, input) {
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // No clipboard API here (plain http on another host): select and copy the old way.
      const field = input || element('textarea', {value: text});
      if (!input) document.body.append(field);
      field.select();
      document.execCommand('copy');
      if (!input) field.remove();
    }
    setStatus(t('copied'));
  }

  // ---------------------------------------------------------------- views and routing

  function show(view) {
    state.view = view;
    $('login-view').hidden = view !== 'login';
    $('meetings-view').hidden = view !== 'meetings';
    $('meeting-view').hidden = view !== 'meeting';
    const loggedIn = view !== 'login' && state.session;
    $('who').hidden = !loggedIn;
    $('logout').hidden = !loggedIn;
    // Both roles may watch: an operator every meeting, an organiser its own (the dashboard's login ticket).
    $('dashboard-link').hidden = !loggedIn;
    if (loggedIn) {
      $('who').textContent = t('who', {account: state.session.account, role: t('account.' + state.session.role)});
    }
  }

  function sessionLost() {
    if (state.session) {
      state.session = null;
      setStatus(t('login.expired'));
    }
    show('login');
  }

  const canEdit = () => state.session && state.session.role === 'organiser' || false;

  async function route() {
    setProblem('');
    if (!state.session) {
      show('login');
      return;
    }
    const hash = decodeURIComponent(location.hash.replace(/^#/, ''));
    try {
      if (hash === 'new' && canEdit()) {
        openMeeting(null);
      } else if (hash.startsWith('m/')) {
        const meeting = await api('GET', '/api/meetings/' + encodeURIComponent(hash.slice(2)));
        openMeeting(meeting);
        await Promise.all([loadInvitations(), loadRecordings()]);
      } else {
        await listMeetings();
      }
    } catch (e) {
      if (state.session) setProblem(describe(e));
    }
  }

  // ---------------------------------------------------------------- logging in and out

  async function logIn(event) {
    event.preventDefault();
    setProblem('');
    const button = $('login-submit');
    button.disabled = true;
    try {
      state.session = await api('POST', '/api/session',
        {account: $('login-account').value, password: $('login-password').value});
      $('login-password').value = '';
      setStatus(t('login.done', {account: state.session.account}));
      await route();
    } catch (e) {
      setProblem(e.status === 401 ? t('login.wrong') : describe(e));
    } finally {
      button.disabled = false;
    }
  }

  async function logOut() {
    try {
      await api('DELETE', '/api/session');
    } catch (e) { /* the session is gone either way */ }
    state.session = null;
    state.meeting = null;
    history.replaceState(null, '', location.pathname + location.search);
    setStatus(t('logout.done'));
    show('login');
  }

  // ---------------------------------------------------------------- the list of meetings

  function meetingState(meeting) {
    if (meeting.endedAt) return {key: 'state.ended', css: 'state-ended'};
    if (meeting.participants > 0) return {key: 'state.live', css: 'state-live', count: meeting.participants};
    return {key: 'state.ready', css: ''};
  }

  async function listMeetings() {
    state.meetings = await api('GET', '/api/meetings');
    const body = $('meetings').tBodies[0];
    body.replaceChildren(...state.meetings.map((meeting) => {
      const link = element('a', {href: '#m/' + encodeURIComponent(meeting.id), textContent: meeting.title});
      const s = meetingState(meeting);
      return element('tr', {},
        element('td', {}, link),
        element('td', {textContent: scheduleText(meeting)}),
        element('td', {textContent: meeting.languages.join(', ')}),
        element('td', {className: s.css, textContent: t(s.key)}, recordingBadge(meeting)),
        element('td', {textContent: String(meeting.participants)}));
    }));
    $('no-meetings').hidden = state.meetings.length > 0;
    $('new-meeting').hidden = !canEdit();
    show('meetings');
  }

  /** The red recording indicator of the consoles, after a meeting's state while it is recorded. */
  function recordingBadge(meeting) {
    if (!meeting.recording) return null;
    return element('span', {className: 'recording-indicator', textContent: t('recordings.now')});
  }

  // ---------------------------------------------------------------- one meeting: the form

  function openMeeting(meeting) {
    state.meeting = meeting;
    state.invitations = [];
    const creating = meeting === null;
    $('meeting-heading').textContent = creating ? t('meeting.new') : meeting.title;
    $('meeting-state').textContent = creating ? '' : t('meeting.state', {
      id: meeting.id, created: formatTime(meeting.createdAt), state: t(meetingState(meeting).key),
    });
    $('meeting-id-field').hidden = !creating;
    $('save-meeting').textContent = t(creating ? 'form.create' : 'form.save');
    $('form-problem').textContent = '';
    fillForm(meeting || {
      title: '', schedule: null, languages: ['en'], floorLanguage: 'en', booths: [],
      tierPolicy: state.session.tiers, open: false, anonymousObservers: false, floorControl: 'chaired',
    });
    const editable = canEdit() && (creating || !meeting.endedAt);
    for (const control of $('meeting-form').querySelectorAll('input, select, button')) {
      control.disabled = !editable;
    }
    $('save-meeting').hidden = !editable;
    $('invitations-panel').hidden = creating;
    $('recordings-panel').hidden = creating;
    $('danger-panel').hidden = creating;
    if (!creating) {
      $('end-meeting').hidden = Boolean(meeting.endedAt);
      $('end-meeting').previousElementSibling.hidden = Boolean(meeting.endedAt);
      $('delete-meeting').hidden = !canEdit();
      $('delete-meeting').previousElementSibling.hidden = !canEdit();
      $('invite-form').hidden = Boolean(meeting.endedAt);
      $('csv-panel').hidden = Boolean(meeting.endedAt);
      fillInviteForm(meeting);
      $('csv-results').hidden = true;
      $('csv-summary').textContent = '';
    }
    show('meeting');
  }

  function fillForm(meeting) {
    $('meeting-title').value = meeting.title;
    $('meeting-id').value = '';
    $('schedule-start').value = meeting.schedule ? toLocalInput(meeting.schedule.start) : '';
    $('schedule-end').value = meeting.schedule ? toLocalInput(meeting.schedule.end) : '';
    $('schedule-note').textContent = t('form.schedule.note',
      {zone: Intl.DateTimeFormat().resolvedOptions().timeZone || ''});

    const choices = $('language-choices');
    choices.replaceChildren(...UN_LANGUAGES.map((code) => {
      const box = element('input', {type: 'checkbox', value: code, checked: meeting.languages.includes(code)});
      box.dataset.language = code;
      box.addEventListener('change', languagesChanged);
      return element('label', {}, box, element('span', {textContent: languageName(code)}));
    }));
    $('other-languages').value = meeting.languages.filter((code) => !UN_LANGUAGES.includes(code)).join(', ');

    $('booths').tBodies[0].replaceChildren(); // another meeting's rows must not leak into this one's
    state.booths = new Map();
    for (const booth of meeting.booths) {
      state.booths.set(booth.language, {enabled: true, relay: booth.relaySource});
    }
    renderFloorLanguages(meeting.floorLanguage);
    renderBooths();

    $('tier-choices').replaceChildren(...state.session.tiers.map((tier) => {
      const box = element('input', {type: 'checkbox', value: tier, checked: meeting.tierPolicy.includes(tier)});
      box.dataset.tier = tier;
      return element('label', {}, box, element('span', {textContent: tierName(tier)}));
    }));
    for (const radio of document.querySelectorAll('input[name="floor-control"]')) {
      radio.checked = radio.value === meeting.floorControl;
    }
    $('meeting-open').checked = meeting.open;
    $('meeting-observers').checked = !!meeting.anonymousObservers;
  }

  /** The languages ticked and typed, in display order; typed codes are lower-cased, blanks dropped. */
  function chosenLanguages() {
    const ticked = [...$('language-choices').querySelectorAll('input:checked')].map((box) => box.value);
    const typed = $('other-languages').value.split(/[\s,;]+/).map((s) => s.trim().toLowerCase()).filter(Boolean);
    return [...new Set([...ticked, ...typed])];
  }

  function languagesChanged() {
    renderFloorLanguages($('floor-language').value);
    renderBooths();
  }

  function renderFloorLanguages(selected) {
    const languages = chosenLanguages();
    const floor = languages.includes(selected) ? selected : languages[0] || '';
    $('floor-language').replaceChildren(...languages.map((code) =>
      new Option(languageName(code), code, false, code === floor)));
  }

  /** One row per language but the floor's: a booth or not, and what it listens to (relay). */
  function renderBooths() {
    const languages = chosenLanguages();
    const floor = $('floor-language').value;
    // Read what the table shows now, so a re-render keeps the organiser's choices.
    for (const row of $('booths').tBodies[0].rows) {
      const code = row.dataset.language;
      state.booths.set(code, {
        enabled: row.querySelector('input').checked,
        relay: row.querySelector('select').value || 'floor',
      });
    }
    const boothLanguages = languages.filter((code) => code !== floor);
    $('booths').tBodies[0].replaceChildren(...boothLanguages.map((code) => {
      const chosen = state.booths.get(code) || {enabled: true, relay: 'floor'};
      const enabled = element('input', {type: 'checkbox', checked: chosen.enabled});
      enabled.setAttribute('aria-label', t('form.booths.enabledFor', {language: languageName(code)}));
      const relay = element('select', {});
      relay.setAttribute('aria-label', t('form.booths.relayFor', {language: languageName(code)}));
      relay.append(new Option(t('form.booths.floor'), 'floor'));
      for (const other of boothLanguages) {
        if (other !== code) relay.append(new Option(languageName(other), other));
      }
      relay.value = boothLanguages.includes(chosen.relay) && chosen.relay !== code ? chosen.relay : 'floor';
      const row = element('tr', {},
        element('th', {scope: 'row', textContent: languageName(code)}),
        element('td', {}, enabled),
        element('td', {}, relay));
      row.dataset.language = code;
      return row;
    }));
  }

  /** The form as an API body, or a message saying what is missing. */
  function readForm() {
    const title = $('meeting-title').value.trim();
    if (!title) return {problem: t('form.problem.title')};
    const languages = chosenLanguages();
    const bad = languages.find((code) => !/^[a-z]{2}$/.test(code));
    if (bad) return {problem: t('form.problem.languageCode', {code: bad})};
    if (languages.length === 0) return {problem: t('form.problem.languages')};
    const floorLanguage = $('floor-language').value;
    const booths = [...$('booths').tBodies[0].rows]
      .filter((row) => row.querySelector('input').checked)
      .map((row) => ({language: row.dataset.language, relaySource: row.querySelector('select').value}));
    const boothSet = new Set(booths.map((b) => b.language));
    for (const booth of booths) {
      if (booth.relaySource !== 'floor' && !boothSet.has(booth.relaySource)) {
        return {problem: t('form.problem.relay', {language: languageName(booth.language)})};
      }
    }
    const tierPolicy = [...$('tier-choices').querySelectorAll('input:checked')].map((box) => box.value);
    if (tierPolicy.length === 0) return {problem: t('form.problem.tiers')};
    const start = $('schedule-start').value;
    const end = $('schedule-end').value;
    let schedule = null;
    if (start || end) {
      if (!start || !end) return {problem: t('form.problem.schedule')};
      schedule = {start: fromLocalInput(start), end: fromLocalInput(end)};
      if (!schedule.start || !schedule.end || new Date(end) <= new Date(start)) {
        return {problem: t('form.problem.scheduleOrder')};
      }
    }
    const body = {
      title, languages, floorLanguage, booths, tierPolicy,
      open: $('meeting-open').checked,
      anonymousObservers: $('meeting-observers').checked,
      floorControl: document.querySelector('input[name="floor-control"]:checked').value,
    };
    if (schedule) body.schedule = schedule;
    const id = $('meeting-id').value.trim();
    if (state.meeting === null && id) body.id = id;
    return {body};
  }

  async function saveMeeting(event) {
    event.preventDefault();
    const {problem, body} = readForm();
    $('form-problem').textContent = problem || '';
    if (problem) return;
    await whileDisabled($('save-meeting'), $('form-problem'), async () => {
      if (state.meeting === null) {
        const created = await api('POST', '/api/meetings', body);
        setStatus(t('form.created', {title: created.title}));
        location.hash = '#m/' + encodeURIComponent(created.id); // route() opens it
      } else {
        const updated = await api('PUT', '/api/meetings/' + encodeURIComponent(state.meeting.id), body);
        setStatus(t('form.saved', {title: updated.title}));
        openMeeting(updated);
        await loadInvitations();
      }
    });
  }

  /** Runs a request with its button disabled (no double submits); a refusal is written to {@code problem}. */
  async function whileDisabled(button, problem, action) {
    button.disabled = true;
    try {
      await action();
    } catch (e) {
      problem.textContent = describe(e);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- invitations

  function defaultDays(meeting) {
    if (meeting.schedule) {
      const days = Math.ceil((new Date(meeting.schedule.end).getTime() - Date.now()) / DAY_MS) + 1;
      return Math.min(366, Math.max(1, days));
    }
    return 7;
  }

  function fillInviteForm(meeting) {
    $('invite-role').replaceChildren(...ROLES.map((role) => new Option(roleName(role), role)));
    $('invite-booth').replaceChildren(...meeting.booths.map((b) => new Option(languageName(b.language), b.language)));
    const languages = [...new Set([...meeting.languages, ...PAGE_LANGUAGES])];
    $('invite-language').replaceChildren(new Option(t('invite.language.none'), ''),
      ...languages.map((code) => new Option(languageName(code), code)));
    $('invite-days').value = defaultDays(meeting);
    $('invite-name').value = '';
    $('invite-email').value = '';
    $('invite-problem').textContent = '';
    roleChanged();
  }

  function roleChanged() {
    const interpreter = $('invite-role').value === 'interpreter';
    $('invite-booth').disabled = !interpreter;
    $('invite-booth').hidden = !interpreter;
    $('invite-booth').previousElementSibling.hidden = !interpreter;
  }

  function invitationBody(fields) {
    const body = {role: fields.role};
    for (const key of ['booth', 'name', 'email', 'language', 'country', 'organisation']) {
      if (fields[key]) body[key] = fields[key];
    }
    const days = Number($('invite-days').value);
    if (Number.isInteger(days) && days >= 1 && days <= 366) body.expiresInSeconds = days * 24 * 3600;
    return body;
  }

  async function inviteOne(event) {
    event.preventDefault();
    const role = $('invite-role').value;
    const fields = {
      role,
      booth: role === 'interpreter' ? $('invite-booth').value : '',
      name: $('invite-name').value.trim(),
      email: $('invite-email').value.trim(),
      language: $('invite-language').value,
    };
    const problem = checkInvitee(fields);
    $('invite-problem').textContent = problem || '';
    if (problem) return;
    await whileDisabled($('invite-submit'), $('invite-problem'), async () => {
      const issued = await api('POST', `/api/meetings/${encodeURIComponent(state.meeting.id)}/invitations`,
        invitationBody(fields));
      setStatus(t('invite.done', {name: issued.name || roleName(issued.role)}));
      $('invite-name').value = '';
      $('invite-email').value = '';
      await loadInvitations();
    });
  }

  /** What is wrong with an invitee before the server is asked, or null. */
  function checkInvitee(fields) {
    if (!ROLES.includes(fields.role)) return t('csv.error.role', {role: fields.role, roles: ROLES.join(', ')});
    if (fields.role === 'interpreter') {
      if (!fields.booth) return t('invite.problem.booth');
      if (!state.meeting.booths.some((b) => b.language === fields.booth)) {
        return t('csv.error.booth', {language: fields.booth});
      }
    }
    if (fields.language && !/^[a-z]{2}$/.test(fields.language)) {
      return t('csv.error.language', {language: fields.language});
    }
    if (fields.email && !EMAIL.test(fields.email)) return t('invite.problem.email', {email: fields.email});
    if (fields.name && fields.name.length > 64) return t('invite.problem.name');
    return null;
  }

  async function loadInvitations() {
    state.invitations = await api('GET', `/api/meetings/${encodeURIComponent(state.meeting.id)}/invitations`);
    renderInvitations();
  }

  // ---------------------------------------------------------------- one meeting: its recordings

  /**
   * The meeting's recordings with a download link per file. The links go to the API with the session
   * cookie (a GET, so no Origin is needed); the server checks the account may see the meeting.
   */
  async function loadRecordings() {
    const meeting = state.meeting;
    $('recording-now').hidden = !meeting.recording;
    $('recording-now').textContent = meeting.recording
      ? t('recordings.active', {time: formatTime(meeting.recording.startedAt)}) : '';
    $('recordings-problem').textContent = '';
    try {
      state.recordings = await api('GET', `/api/meetings/${encodeURIComponent(meeting.id)}/recordings`);
    } catch (e) {
      state.recordings = [];
      $('recordings-problem').textContent = describe(e);
    }
    renderRecordings();
  }

  function sizeText(bytes) {
    const megabytes = bytes / (1024 * 1024);
    return t('recordings.size', {size: new Intl.NumberFormat(ParleyI18n.lang, {maximumFractionDigits: 1})
      .format(megabytes)});
  }

  function durationText(millis) {
    const seconds = Math.round(millis / 1000);
    return `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
  }

  function renderRecordings() {
    const rows = state.recordings.slice().reverse().map((recording) => {
      const files = element('ul', {className: 'recording-files'}, ...recording.files.map((file) => {
        const name = file.language === 'floor' ? t('recordings.floor') : languageName(file.language);
        const link = element('a', {href: file.url, textContent: name});
        link.setAttribute('download', '');
        const detail = file.durationMillis == null
          ? sizeText(file.bytes) : `${durationText(file.durationMillis)} · ${sizeText(file.bytes)}`;
        return element('li', {}, link, ' ', element('span', {className: 'note', textContent: detail}));
      }));
      const stopped = recording.stoppedAt ? formatTime(recording.stoppedAt) : '';
      return element('tr', {},
        cell('recordings.started', {textContent: formatTime(recording.startedAt)}),
        cell('recordings.stopped', recording.stoppedAt ? {textContent: stopped} : {},
          recording.stoppedAt ? null : element('span', {className: 'recording-indicator',
            textContent: t('recordings.now')})),
        cell('recordings.startedBy', {textContent: recording.startedBy || '—'}),
        cell('recordings.files', {}, recording.files.length ? files : t('recordings.noFiles')));
    });
    $('recordings').tBodies[0].replaceChildren(...rows);
    $('no-recordings').hidden = rows.length > 0;
  }

  function invitationState(invitation) {
    if (invitation.revokedAt) return {key: 'invitations.revoked', css: 'state-revoked'};
    if (new Date(invitation.expiresAt).getTime() <= Date.now()) return {key: 'invitations.expired', css: 'state-expired'};
    return {key: 'invitations.active', css: 'state-active'};
  }

  function renderInvitations() {
    const rows = state.invitations.map((invitation) => {
      const s = invitationState(invitation);
      const active = s.key === 'invitations.active' && !state.meeting.endedAt;
      const link = element('input', {className: 'join-link', value: invitation.joinUrl, readOnly: true});
      link.setAttribute('aria-label', t('invitations.linkFor', {name: invitation.name || roleName(invitation.role)}));
      const copyButton = element('button', {type: 'button', className: 'copy-link', textContent: t('invitations.copy')});
      copyButton.addEventListener('click', () => copy(invitation.joinUrl, link));
      const mail = element('a', {className: 'mail-link', textContent: t('invitations.mail'), href: '#'});
      const emailPanel = element('details', {className: 'email-text'},
        element('summary', {textContent: t('invitations.emailText')}));
      emailPanel.addEventListener('toggle', () => fillEmailPanel(emailPanel, invitation), {once: true});
      // The mailto: link is built once the e-mail text is ready (it may load another language's catalogue).
      emailText(invitation).then((email) => { mail.href = email.mailto; });
      const actions = element('div', {className: 'link-actions'}, copyButton, mail);
      if (active) {
        const revoke = element('button', {type: 'button', className: 'revoke', textContent: t('invitations.revoke')});
        revoke.addEventListener('click', () => revokeInvitation(invitation));
        actions.append(revoke);
      }
      const row = element('tr', {className: s.key === 'invitations.revoked' ? 'revoked' : ''},
        cell('invite.name', {textContent: invitation.name || '—'}),
        cell('invite.role', {textContent: roleName(invitation.role)}),
        cell('invitations.language', {textContent: invitation.booth
          ? t('invitations.booth', {language: languageName(invitation.booth)})
          : invitation.language ? languageName(invitation.language) : '—'}),
        cell('invite.email', {textContent: invitation.email || '—'}),
        cell('invitations.state', {className: s.css,
          textContent: t(s.key) + ' · ' + t('invitations.until', {time: formatTime(invitation.expiresAt)})}),
        cell('invitations.link', {className: 'link'}, link, actions, emailPanel));
      row.dataset.invitationId = invitation.invitationId;
      return row;
    });
    $('invitations').tBodies[0].replaceChildren(...rows);
    $('no-invitations').hidden = rows.length > 0;
  }

  /** The catalogue of the invitee's language if the pages are written in it, else the page's own. */
  const catalogues = new Map();
  async function catalogueFor(lang) {
    if (!PAGE_LANGUAGES.includes(lang) || lang === ParleyI18n.lang) return null;
    if (!catalogues.has(lang)) {
      catalogues.set(lang, fetch(`/i18n/organiser/${lang}.json`, {cache: 'no-cache'})
        .then((r) => (r.ok ? r.json() : null)).catch(() => null));
    }
    return catalogues.get(lang);
  }

  /** Subject, body and mailto: link of the e-mail that carries an invitation's join link. */
  async function emailText(invitation) {
    const lang = invitation.language || invitation.booth;
    const own = await catalogueFor(lang);
    const say = (key, params) => {
      if (!own || !Object.prototype.hasOwnProperty.call(own, key)) return t(key, params);
      return own[key].replace(/\{(\w+)\}/g, (whole, name) =>
        (params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
    };
    const meeting = state.meeting;
    const textLang = own ? lang : ParleyI18n.lang;
    const params = {
      title: meeting.title,
      greeting: invitation.name ? say('email.greeting', {name: invitation.name}) : say('email.greetingAnonymous'),
      role: say('role.' + invitation.role),
      schedule: meeting.schedule ? scheduleText(meeting, textLang) : say('meetings.unscheduled'),
      link: invitation.joinUrl,
      until: formatTime(invitation.expiresAt, textLang),
      booth: invitation.booth ? say('email.booth', {language: languageName(invitation.booth, textLang)}) : '',
    };
    const subject = say('email.subject', params);
    const body = say('email.body', params);
    // RFC 6068 §2: percent-encoded, line breaks as CRLF.
    const mailto = 'mailto:' + (invitation.email ? encodeURIComponent(invitation.email) : '')
      + '?subject=' + encodeURIComponent(subject) + '&body=' + encodeURIComponent(body.replace(/\r?\n/g, '\r\n'));
    return {subject, body, mailto};
  }

  async function fillEmailPanel(panel, invitation) {
    const email = await emailText(invitation);
    const subject = element('input', {className: 'email-subject', value: email.subject, readOnly: true});
    const subjectId = 'subject-' + invitation.invitationId;
    subject.id = subjectId;
    const body = element('textarea', {className: 'email-body', value: email.body, readOnly: true});
    body.id = 'body-' + invitation.invitationId;
    const copyText = element('button', {type: 'button', textContent: t('invitations.copyText')});
    copyText.addEventListener('click', () => copy(email.subject + '\n\n' + email.body));
    panel.append(
      element('label', {htmlFor: subjectId, textContent: t('email.subjectLabel')}), subject,
      element('label', {htmlFor: body.id, textContent: t('email.bodyLabel')}), body,
      element('div', {className: 'link-actions'}, copyText));
  }

  async function revokeInvitation(invitation) {
    const who = invitation.name || roleName(invitation.role);
    if (!confirm(t('invitations.revoke.confirm', {name: who}))) return;
    try {
      await api('DELETE', `/api/meetings/${encodeURIComponent(state.meeting.id)}/invitations/`
        + encodeURIComponent(invitation.invitationId));
      setStatus(t('invitations.revoked.done', {name: who}));
      await loadInvitations();
    } catch (e) {
      setProblem(describe(e));
    }
  }

  // ---------------------------------------------------------------- CSV upload

  /**
   * RFC 4180 records: quoted fields (with "" for a quote, and line breaks inside), CRLF or LF, a byte
   * order mark ignored. The delimiter is the header line's: a comma, or the semicolon or tab that
   * spreadsheets in many locales write. Each record keeps the line it starts on, for messages.
   */
  function parseCsv(text) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const firstLine = text.split(/\r?\n/, 1)[0];
    const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length]).sort((a, b) => b[1] - a[1])[0][0];
    const records = [];
    let fields = [];
    let field = '';
    let quoted = false;
    let line = 1;
    let start = 1;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
        else if (c === '"') quoted = false;
        else { if (c === '\n') line++; field += c; }
      } else if (c === '"' && field === '') {
        quoted = true;
      } else if (c === delimiter) {
        fields.push(field);
        field = '';
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i++;
        fields.push(field);
        records.push({line: start, fields});
        fields = [];
        field = '';
        line++;
        start = line;
      } else {
        field += c;
      }
    }
    if (quoted) throw new Error(t('csv.error.quote', {line: start}));
    if (field !== '' || fields.length > 0) {
      fields.push(field);
      records.push({line: start, fields});
    }
    return records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  }

  /** The invitees of a CSV file: per row the fields, or what is wrong with it. */
  function readInvitees(text) {
    const records = parseCsv(text);
    if (records.length === 0) throw new Error(t('csv.error.empty'));
    const header = records[0].fields.map((h) => {
      const name = h.trim().toLowerCase();
      return CSV_ALIASES[name] || name;
    });
    if (!header.includes('role')) throw new Error(t('csv.error.header', {columns: CSV_COLUMNS.join(', ')}));
    const ignored = header.filter((h) => h && !CSV_COLUMNS.includes(h));
    const rows = records.slice(1);
    if (rows.length > MAX_CSV_ROWS) throw new Error(t('csv.error.tooMany', {max: MAX_CSV_ROWS, count: rows.length}));
    const invitees = rows.map((record) => {
      const value = {};
      header.forEach((column, i) => {
        if (CSV_COLUMNS.includes(column)) value[column] = (record.fields[i] || '').trim();
      });
      const role = (value.role || '').toLowerCase();
      const fields = {
        role,
        name: value.name || '',
        email: value.email || '',
        language: (value.language || '').toLowerCase(),
        booth: role === 'interpreter' ? (value.language || '').toLowerCase() : '',
        country: (value.country || '').toUpperCase(),  // ISO 3166-1 codes are capitals; spreadsheets vary
        organisation: value.organisation || '',
      };
      if (record.fields.length > header.length) {
        return {line: record.line, fields, problem: t('csv.error.columns', {count: record.fields.length, expected: header.length})};
      }
      return {line: record.line, fields, problem: checkInvitee(fields)};
    });
    return {invitees, ignored};
  }

  async function uploadCsv() {
    const file = $('csv-file').files[0];
    if (!file) return;
    const summary = $('csv-summary');
    const results = [];
    state.csv = results;
    renderCsvResults();
    try {
      if (file.size > MAX_CSV_BYTES) throw new Error(t('csv.error.size', {max: '1 MiB'}));
      const {invitees, ignored} = readInvitees(await file.text());
      summary.textContent = t('csv.working', {count: invitees.length})
        + (ignored.length ? ' ' + t('csv.ignored', {columns: ignored.join(', ')}) : '');
      for (const invitee of invitees) {
        const label = invitee.fields.name || roleName(invitee.fields.role) || '—';
        if (invitee.problem) {
          results.push({line: invitee.line, name: label, ok: false, message: invitee.problem});
          renderCsvResults();
          continue;
        }
        try {
          const issued = await api('POST', `/api/meetings/${encodeURIComponent(state.meeting.id)}/invitations`,
            invitationBody(invitee.fields));
          results.push({line: invitee.line, name: label, ok: true, message: t('csv.ok'), invitationId: issued.invitationId});
        } catch (e) {
          results.push({line: invitee.line, name: label, ok: false, message: describe(e)});
          if (!state.session) return; // logged out meanwhile: the rest would fail the same way
        }
        renderCsvResults();
      }
      const invited = results.filter((r) => r.ok).length;
      summary.textContent = t('csv.done', {invited, failed: results.length - invited})
        + (ignored.length ? ' ' + t('csv.ignored', {columns: ignored.join(', ')}) : '');
      await loadInvitations();
    } catch (e) {
      summary.textContent = e instanceof ApiFailure ? describe(e) : e.message;
    } finally {
      $('csv-file').value = '';
    }
  }

  function renderCsvResults() {
    const table = $('csv-results');
    table.hidden = state.csv.length === 0;
    table.tBodies[0].replaceChildren(...state.csv.map((r) => element('tr', {className: r.ok ? 'row-ok' : 'row-error'},
      element('td', {textContent: String(r.line)}),
      element('td', {textContent: r.name}),
      element('td', {textContent: r.message}))));
  }

  // ---------------------------------------------------------------- ending and deleting

  async function endMeeting() {
    if (!confirm(t('danger.end.confirm', {title: state.meeting.title}))) return;
    try {
      const ended = await api('POST', `/api/meetings/${encodeURIComponent(state.meeting.id)}/end`);
      setStatus(t('danger.end.done', {title: ended.title}));
      openMeeting(ended);
      await loadInvitations();
    } catch (e) {
      setProblem(describe(e));
    }
  }

  async function deleteMeeting() {
    if (!confirm(t('danger.delete.confirm', {title: state.meeting.title}))) return;
    try {
      await api('DELETE', '/api/meetings/' + encodeURIComponent(state.meeting.id));
      setStatus(t('danger.delete.done', {title: state.meeting.title}));
      state.meeting = null;
      location.hash = ''; // route() lists the meetings
    } catch (e) {
      setProblem(describe(e));
    }
  }

  // ---------------------------------------------------------------- start

  async function start() {
    await ParleyI18n.ready;
    $('login-form').addEventListener('submit', logIn);
    $('logout').addEventListener('click', logOut);
    $('new-meeting').addEventListener('click', () => { location.hash = '#new'; });
    $('back').addEventListener('click', (event) => { event.preventDefault(); location.hash = ''; });
    $('floor-language').addEventListener('change', renderBooths);
    $('meeting-form').addEventListener('submit', saveMeeting);
    $('other-languages').addEventListener('change', languagesChanged);
    $('invite-form').addEventListener('submit', inviteOne);
    $('invite-role').addEventListener('change', roleChanged);
    $('csv-file').addEventListener('change', uploadCsv);
    $('end-meeting').addEventListener('click', endMeeting);
    $('delete-meeting').addEventListener('click', deleteMeeting);
    window.addEventListener('hashchange', route);
    try {
      state.session = await api('GET', '/api/session');
    } catch (e) {
      state.session = null;
    }
    await route();
    ready = true;
  }

  let ready = false;

  // For the Chromium tests: what the page shows, without scraping.
  window.parley = {
    ready: () => ready,
    state: () => ({
      view: state.view,
      account: state.session && state.session.account,
      meeting: state.meeting,
      meetings: state.meetings.map((m) => m.id),
      invitations: state.invitations,
      csv: state.csv,
      problem: $('problems').textContent,
      formProblem: $('form-problem').textContent,
      inviteProblem: $('invite-problem').textContent,
    }),
    emailText: (invitationId) => emailText(state.invitations.find((i) => i.invitationId === invitationId)),
    parseCsv,
  };

  start();
})();
