// Parley page localisation: message catalogues per page and language, no strings in code.
//
// A page names its catalogue on the root element, <html data-i18n-page="delegate">, and loads this file
// before its other scripts. Catalogues are flat JSON objects of key -> text under /i18n/<page>/<lang>.json,
// with the keys every page shares under /i18n/common/<lang>.json. Text may hold {name} placeholders.
//
//   <h2 data-i18n="channel.heading"></h2>                 textContent
//   <input data-i18n-attr="placeholder:name.hint">         attributes, comma-separated attr:key pairs
//   ParleyI18n.t('status.joined', {name: 'Ana'})           from scripts
//   await ParleyI18n.ready                                 before a page script writes any text
//   <select data-language-switch>                          the six languages, each in its own script
//   <div data-language-switch></div>                       the same, with its label, built inside the element
//
// The language is the `lang` query parameter, else the one the user picked (kept in localStorage), else
// the first of the browser's languages (Accept-Language) that Parley has, else English. The root element
// gets `lang` and `dir` (rtl for Arabic) at once, before the page paints, so CSS written with logical
// properties (margin-inline-start, border-inline-start, text-align: start) mirrors by itself. A key
// missing from a catalogue falls back to English, then to the key itself, so a missing translation shows
// up plainly rather than as an empty label. WebCatalogueTest checks that every key a page uses exists in
// all six languages.
//
// Beyond text, the helpers below keep numbers, times, lists and language names in the page's language:
// digits stay Latin (as in UN documents in every official language, Arabic included), separators follow
// the language (1,5 in French).
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
  const info = LANGUAGES.find((l) => l.code === lang);
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

  const own = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  /** Whether a catalogue has `key` (for texts chosen at run time, e.g. a server error code's message). */
  function has(key) {
    return own(messages, key) || own(fallback, key);
  }

  // On a right-to-left page each inserted value is a bidi isolate (FSI … PDI, Unicode TR 9 §2.7): a Latin
  // name or a number then keeps the sentence's order around it, e.g. the arrow of "handover A → B".
  const isolate = (value) => info.dir === 'rtl' ? '\u2068' + value + '\u2069' : value;

  function t(key, params) {
    let text = own(messages, key) ? messages[key] : own(fallback, key) ? fallback[key] : key;
    if (params) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => own(params, name) ? isolate(String(params[name])) : whole);
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
    try { localStorage.setItem(STORAGE_KEY, code); } catch (e) { /* the address below still carries it */ }
    const url = new URL(location.href);
    url.searchParams.delete('lang');
    try {
      if (localStorage.getItem(STORAGE_KEY) !== code) url.searchParams.set('lang', code);
    } catch (e) {
      url.searchParams.set('lang', code);
    }
    location.replace(url);  // a reload re-renders every string, including those scripts already wrote
  }

  /**
   * A page's switch: a `<select data-language-switch>` (labelled by the page) is filled; inside any other
   * element marked so, a labelled select is built (id `ui-language`), so pages need not repeat the markup.
   */
  function mountSwitch(element) {
    if (element instanceof HTMLSelectElement) {
      languageSwitch(element);
      return;
    }
    const select = document.createElement('select');
    select.id = 'ui-language';
    const label = document.createElement('label');
    label.htmlFor = select.id;
    label.textContent = t('language.label');
    element.replaceChildren(label, select);
    languageSwitch(select);
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

  // Latin digits in every language (Arabic UN documents use them too); the rest follows the language.
  const numberFormats = new Map();

  /** `value` with exactly `digits` decimals (default 0), in the page's language: 1.5 in English, 1,5 in French. */
  function number(value, digits = 0) {
    let format = numberFormats.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(lang, {numberingSystem: 'latn', useGrouping: false,
        minimumFractionDigits: digits, maximumFractionDigits: digits});
      numberFormats.set(digits, format);
    }
    return format.format(value);
  }

  /** The wall-clock time of `date`, hours:minutes:seconds, as the page's language writes it. */
  function time(date = new Date()) {
    return date.toLocaleTimeString(lang, {hour: '2-digit', minute: '2-digit', second: '2-digit',
      numberingSystem: 'latn'});
  }

  /** Names joined as the page's language lists them ("Ada, Ben" in English, "Ada، Ben" in Arabic). */
  function list(items) {
    try {
      return new Intl.ListFormat(lang, {type: 'unit', style: 'short'}).format(items.map(String));
    } catch (e) {
      return items.join(', ');
    }
  }

  /**
   * Sentences one after the other: a space between them, none in Chinese (its full stop 。 is wide).
   * Empty parts are left out.
   */
  function sentences(...parts) {
    return parts.filter((part) => part).join(lang === 'zh' ? '' : ' ');
  }

  let displayNames = null;

  /**
   * A language's name in the page's language with its code, e.g. "French (fr)" on an English page,
   * « français (fr) » on a French one: a meeting's channels, booths and floor language.
   */
  function languageName(code) {
    try {
      displayNames = displayNames || new Intl.DisplayNames([lang], {type: 'language'});
      return t('language.nameWithCode', {name: displayNames.of(code), code});
    } catch (e) {
      return code;
    }
  }

  document.documentElement.lang = lang;
  document.documentElement.dir = info.dir;

  const ready = (async () => {
    try {
      [messages, fallback] = await Promise.all([loadAll(lang), lang === FALLBACK ? null : loadAll(FALLBACK)]);
      if (!fallback) fallback = messages;
      if (document.readyState === 'loading') {
        await new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, {once: true}));
      }
      apply(document);
      document.querySelectorAll('[data-language-switch]').forEach(mountSwitch);
      const title = messages['page.title'] || fallback['page.title'];
      if (title) document.title = title;
    } finally {
      // style.css keeps a page's text invisible until here, so nobody sees keys or a blank form flash.
      document.documentElement.dataset.i18nReady = '';
    }
  })();

  return {LANGUAGES, lang, dir: info.dir, t, has, apply, ready, setLanguage, languageSwitch, number, time, list,
    sentences, languageName};
})();
