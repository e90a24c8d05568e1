// Parley page localisation: message catalogues per page and language, no strings in code.
//
// A page names its catalogue on the root element, <html data-i18n-page="delegate">, and loads this file
// before its own script. Catalogues are flat JSON objects of key -> text under /i18n/<page>/<lang>.json,
// with the keys every page shares under /i18n/common/<lang>.json. Text may hold {name} placeholders.
//
//   <h2 data-i18n="channel.heading"></h2>                 textContent
//   <input data-i18n-attr="placeholder:name.hint">         attributes, comma-separated attr:key pairs
//   ParleyI18n.t('status.joined', {name: 'Ana'})           from scripts
//   await ParleyI18n.ready                                 before a page script writes any text
//
// The language is the one the user picked (kept in localStorage), else the first of the browser's
// languages that Parley has, else English. A key missing from a catalogue falls back to English, then
// to the key itself, so a missing translation shows up plainly rather than as an empty label.
'use strict';

window.ParleyI18n = (() => {
  // The six official languages of the UN and the ITU, each named in its own script.
  const LANGUAGES = [
    {code: 'ar', name: 'العربية', dir: 'rtl'},
    {code: 'zh', name: '中文', dir: 'ltr'},
    {code: 'en', name: 'English', dir: 'ltr'},
    {code: 'fr', name: 'Français', dir: 'ltr'},
    {code: 'ru', name: 'Русский', dir: 'ltr'},
    {code: 'es', name: 'Español', dir: 'ltr'},
  ];
  const FALLBACK = 'en';
  const STORAGE_KEY = 'parley.lang';

  const known = (code) => LANGUAGES.some((l) => l.code === code);

  function pickLanguage() {
    const url = new URLSearchParams(location.search).get('lang');
    if (url && known(url)) return url;
    try {
      const stored = localStorage.getItem(STORAGE_KEY);
      if (stored && known(stored)) return stored;
    } catch (e) { /* storage disabled: use the browser's languages */ }
    for (const tag of navigator.languages || [navigator.language || '']) {
      const primary = String(tag).toLowerCase().split('-')[0];
      if (known(primary)) return primary;
    }
    return FALLBACK;
  }

  const lang = pickLanguage();
  const page = document.documentElement.dataset.i18nPage || 'common';
  let messages = {};
  let fallback = {};

  async function load(name, code) {
    try {
      const response = await fetch(`/i18n/${name}/${code}.json`, {cache: 'no-cache'});
      return response.ok ? await response.json() : {};
    } catch (e) {
      return {};
    }
  }

  async function loadAll(code) {
    const [common, own] = await Promise.all([load('common', code), page === 'common' ? {} : load(page, code)]);
    return Object.assign({}, common, own);
  }

  function t(key, params) {
    let text = Object.prototype.hasOwnProperty.call(messages, key) ? messages[key]
      : Object.prototype.hasOwnProperty.call(fallback, key) ? fallback[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) =>
        Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole);
    }
    return text;
  }

  function apply(root) {
    const scope = root || document;
    scope.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    scope.querySelectorAll('[data-i18n-attr]').forEach((el) => {
      for (const pair of el.dataset.i18nAttr.split(',')) {
        const [attr, key] = pair.split(':').map((s) => s.trim());
        if (attr && key) el.setAttribute(attr, t(key));
      }
    });
  }

  function setLanguage(code) {
    if (!known(code) || code === lang) return;
    try { localStorage.setItem(STORAGE_KEY, code); } catch (e) { /* the reload below still applies it */ }
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    location.replace(url);  // a reload re-renders every string, including those scripts already wrote
  }

  /** Fills a <select> with the six languages in their own scripts and switches on change. */
  function languageSwitch(select) {
    select.replaceChildren(...LANGUAGES.map((l) => {
      const option = new Option(l.name, l.code, false, l.code === lang);
      option.lang = l.code;
      option.dir = l.dir;
      return option;
    }));
    select.addEventListener('change', () => setLanguage(select.value));
  }

  const info = LANGUAGES.find((l) => l.code === lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = info.dir;

  const ready = (async () => {
    [messages, fallback] = await Promise.all([loadAll(lang), lang === FALLBACK ? null : loadAll(FALLBACK)]);
    if (!fallback) fallback = messages;
    if (document.readyState === 'loading') {
      await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, {once: true}));
    }
    apply(document);
    document.querySelectorAll('select[data-language-switch]').forEach(languageSwitch);
    const title = messages['page.title'] || fallback['page.title'];
    if (title) document.title = title;
  })();

  return {LANGUAGES, lang, dir: info.dir, t, apply, ready, setLanguage, languageSwitch};
})();
