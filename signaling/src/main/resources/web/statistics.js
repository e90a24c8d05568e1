// Parley e-participation statistics for the secretariat: totals, minutes per language and their trend
// by day over a range of dates, per meeting, with CSV downloads. It reads GET /api/statistics with the
// session of an organiser or operator logged in on the organiser page (the browser sends its cookie;
// an organiser sees its own meetings), or else with the server's admin API key, which the user types in
// once per tab: the key is kept in sessionStorage (gone when the tab closes) and sent as
// "Authorization: Bearer <key>", as every API client does.
'use strict';

(async () => {
  await ParleyI18n.ready;
  const t = ParleyI18n.t;
  const KEY = 'parley.adminKey';
  const DAY_MILLIS = 86400000;
  const $ = (id) => document.getElementById(id);
  const numbers = new Intl.NumberFormat(ParleyI18n.lang, {maximumFractionDigits: 1});
  const displayNames = (type) => {
    try {
      return new Intl.DisplayNames([ParleyI18n.lang], {type});
    } catch (e) {
      return null;  // an old browser: codes are shown as they are
    }
  };
  const languageNames = displayNames('language');
  const regionNames = displayNames('region');
  let report = null;
  let busy = false;

  const storedKey = () => { try { return sessionStorage.getItem(KEY); } catch (e) { return null; } };
  const storeKey = (key) => { try { sessionStorage.setItem(KEY, key); } catch (e) { /* kept for this page only */ } };
  const forgetKeyStorage = () => { try { sessionStorage.removeItem(KEY); } catch (e) { /* nothing kept */ } };
  let key = storedKey();
  let session = null;  // {account, role} of the organiser page's login, used when there is no key

  function problem(text) {
    const box = $('problems');
    box.replaceChildren();
    if (text) {
      const p = document.createElement('p');
      p.textContent = text;
      box.append(p);
    }
  }

  // Whose statistics these are when the page reads them with a session; the key's button only with a key.
  function showCaller() {
    const note = $('session-note');
    note.hidden = key !== null || session === null;
    // The name isolated (U+2068 … U+2069): a Latin name inside Arabic text keeps its order.
    note.textContent = note.hidden ? '' : t(`session.${session.role}`, {account: `\u2068${session.account}\u2069`});
    $('forget-key').hidden = key === null;
  }

  function showKeyForm() {
    $('key-panel').hidden = false;
    $('report').hidden = true;
    $('admin-key').value = '';
    $('admin-key').focus();
  }

  // A failure as a sentence; the server's own message (English, from the API) is quoted in it.
  class RequestFailure extends Error {}

  async function request(path) {
    let response;
    try {
      // Without a key the session cookie (Path=/api) goes along: fetch sends same-origin cookies.
      response = await fetch(path, {headers: key ? {Authorization: `Bearer ${key}`} : {}, cache: 'no-store'});
    } catch (e) {
      throw new RequestFailure(t('error.network'));
    }
    if (response.status === 401) {
      const withKey = key !== null;
      key = null;
      session = null;
      forgetKeyStorage();
      showCaller();
      showKeyForm();
      throw new RequestFailure(t(withKey ? 'key.rejected' : 'session.ended'));
    }
    if (!response.ok) {
      let message = String(response.status);
      try { message = (await response.json()).message || message; } catch (e) { /* not JSON */ }
      throw new RequestFailure(t('error.server', {message}));
    }
    return response;
  }

  const utcDay = (millis) => new Date(millis).toISOString().slice(0, 10);
  const channelName = (code) => code === 'floor' ? t('channel.floor') : (languageNames && languageNames.of(code)) || code;
  const countryName = (code) => code === 'unknown' ? t('unknown') : (regionNames && regionNames.of(code)) || code;
  const organisationName = (name) => name === 'unknown' ? t('unknown') : name;
  const roleName = (role) => t(`role.${role}`);
  const accessName = (access) => t(`access.${access}`);
  const reasonName = (reason) => t(`reason.${reason}`);

  function cell(row, text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.append(td);
    return td;
  }

  function headerRow(table, labels, numericFrom) {
    const row = table.createTHead().insertRow();
    labels.forEach((label, i) => {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      if (i >= numericFrom) th.className = 'number';
      row.append(th);
    });
  }

  // A number followed by a bar as long as its share of the largest value it is compared with.
  function barCell(row, value, largest) {
    const td = cell(row, numbers.format(value), 'number bar-cell');
    const bar = document.createElement('span');
    bar.className = value > 0 ? 'bar' : 'bar zero';
    bar.style.setProperty('--share', largest > 0 ? String(value / largest) : '0');
    bar.setAttribute('aria-hidden', 'true');
    td.append(bar);
  }

  // A two-column table (name, count), largest first, keeping its caption.
  function countTable(id, counts, name, nameLabel, valueLabel) {
    const table = $(id);
    table.replaceChildren(table.caption);
    headerRow(table, [nameLabel, valueLabel], 1);
    const body = table.createTBody();
    const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const largest = Math.max(0, ...entries.map(([, value]) => value));
    for (const [code, value] of entries) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = name(code);
      row.append(th);
      barCell(row, value, largest);
    }
    if (entries.length === 0) cell(body.insertRow(), t('empty'));
  }

  function renderLanguages(data) {
    const table = $('languages');
    table.replaceChildren();
    headerRow(table, [t('column.language'), t('column.minutes')], 1);
    const body = table.createTBody();
    const minutes = data.totals.minutesByLanguage;
    const largest = Math.max(0, ...Object.values(minutes));
    for (const language of data.languages) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = channelName(language);
      row.append(th);
      barCell(row, minutes[language] || 0, largest);
    }
    if (data.languages.length === 0) cell(body.insertRow(), t('empty'));
  }

  function renderTrends(data) {
    const table = $('trends');
    table.replaceChildren();
    headerRow(table, [t('column.day'), t('column.participants'), ...data.languages.map(channelName)], 1);
    const body = table.createTBody();
    const largest = Math.max(0, ...data.days.flatMap((day) => Object.values(day.minutesByLanguage)));
    for (const day of data.days) {
      const row = body.insertRow();
      row.dataset.day = day.day;
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = day.day;
      row.append(th);
      cell(row, numbers.format(day.participants), 'number');
      for (const language of data.languages) barCell(row, day.minutesByLanguage[language] || 0, largest);
    }
  }

  function renderMeetings(data) {
    const table = $('meetings');
    table.replaceChildren();
    headerRow(table, [t('column.meeting'), t('column.participants'), t('column.stays'), t('column.minutes'),
      t('column.webcast'), t('column.export')], 1);
    const body = table.createTBody();
    for (const meeting of data.meetings) {
      const row = body.insertRow();
      const th = document.createElement('th');
      th.scope = 'row';
      th.textContent = meeting.title;
      th.title = meeting.id;
      row.append(th);
      cell(row, numbers.format(meeting.participants), 'number');
      cell(row, numbers.format(meeting.participations), 'number');
      const minutes = Object.values(meeting.minutesByLanguage).reduce((sum, value) => sum + value, 0);
      cell(row, numbers.format(minutes), 'number');
      cell(row, meeting.webcastListeners === null ? t('webcast.none') : numbers.format(meeting.webcastListeners),
        'number');
      const exportCell = cell(row, '', 'number');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = t('meetings.csv');
      button.setAttribute('aria-label', t('meetings.csvLabel', {title: meeting.title}));
      button.addEventListener('click', () => download(`/api/statistics/meetings/${encodeURIComponent(meeting.id)}?format=csv`));
      exportCell.append(button);
    }
    if (data.meetings.length === 0) cell(body.insertRow(), t('empty'));
  }

  function render(data) {
    const totals = data.totals;
    $('total-participants').textContent = numbers.format(totals.participants);
    $('total-participations').textContent = numbers.format(totals.participations);
    $('total-present').textContent = numbers.format(totals.present);
    $('total-minutes').textContent = numbers.format(
      Object.values(totals.minutesByLanguage).reduce((sum, value) => sum + value, 0));
    const participants = t('column.participants');
    countTable('by-role', totals.byRole, roleName, t('column.role'), participants);
    countTable('by-access', totals.byAccess, accessName, t('column.access'), participants);
    countTable('by-country', totals.byCountry, countryName, t('column.country'), participants);
    countTable('by-organisation', totals.byOrganisation, organisationName, t('column.organisation'), participants);
    countTable('by-reason', totals.byLeaveReason, reasonName, t('column.reason'), t('column.stays'));
    renderLanguages(data);
    renderTrends(data);
    renderMeetings(data);
  }

  function rangeQuery() {
    return `from=${encodeURIComponent($('from').value)}&to=${encodeURIComponent($('to').value)}`;
  }

  async function load() {
    if (busy) return;
    if ($('to').value < $('from').value) {
      problem(t('range.invalid'));
      return;
    }
    busy = true;
    problem('');
    $('status').textContent = t('status.loading');
    try {
      const data = await (await request(`/api/statistics?${rangeQuery()}`)).json();
      $('key-panel').hidden = true;
      $('report').hidden = false;
      showCaller();
      report = data;
      render(data);
      // Dates isolated (U+2068 … U+2069): inside Arabic text an ISO date would otherwise be reordered.
      $('status').textContent = t('status.loaded', {participations: numbers.format(data.totals.participations),
        from: `\u2068${data.from}\u2069`, to: `\u2068${data.to}\u2069`});
    } catch (e) {
      $('status').textContent = '';
      problem(e instanceof RequestFailure ? e.message : t('error.network'));
    } finally {
      busy = false;
    }
  }

  // The API needs the key in a header, so a plain link cannot fetch the file: fetch it, then save the blob.
  async function download(path) {
    problem('');
    try {
      const response = await request(path);
      const disposition = response.headers.get('Content-Disposition') || '';
      const name = (/filename="([^"]+)"/.exec(disposition) || [])[1] || 'parley-statistics.csv';
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (e) {
      problem(e instanceof RequestFailure ? e.message : t('error.network'));
    }
  }

  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    key = $('admin-key').value.trim();
    storeKey(key);
    load();
  });
  $('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    load();
  });
  $('download').addEventListener('click', () => download(`/api/statistics?${rangeQuery()}&format=csv`));
  $('forget-key').addEventListener('click', () => {
    key = null;
    forgetKeyStorage();
    report = null;
    problem('');
    showKeyForm();
  });

  // The organiser page's login, if any (401 without one).
  async function findSession() {
    try {
      const response = await fetch('/api/session', {cache: 'no-store'});
      return response.ok ? await response.json() : null;
    } catch (e) {
      return null;
    }
  }

  // For tests and the curious: what the page shows, and the CSV of the current range as text.
  window.parleyStatistics = {
    state: () => ({report, busy, hasKey: key !== null, session}),
    csv: async () => (await request(`/api/statistics?${rangeQuery()}&format=csv`)).text(),
  };

  const today = Date.now();
  $('to').value = utcDay(today);
  $('from').value = utcDay(today - 29 * DAY_MILLIS);
  if (!key) session = await findSession();
  if (key || session) {
    load();
  } else {
    showKeyForm();
  }
})();
