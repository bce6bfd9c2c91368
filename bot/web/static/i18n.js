// The pages' words in every language; the toggle's choice is remembered per browser.
"use strict";
(function () {
  // Every language's words, served by the app from its language folders (/i18n/words.js).
  const WORDS = window.GridBotWords.words;
  const ORDER = window.GridBotWords.order;
  const listeners = [];
  const known = (lang) => (ORDER.includes(lang) ? lang : ORDER[0]);
  const next = () => ORDER[(ORDER.indexOf(current) + 1) % ORDER.length];
  let current = known(localStorage.getItem("gridbot.lang"));

  function t(key) {
    return WORDS[current][key] ?? WORDS[ORDER[0]][key] ?? key;
  }

  function apply() {
    document.documentElement.lang = WORDS[current]._html;
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    }
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.textContent = WORDS[next()]._name;
    for (const listener of listeners) listener(current);
  }

  function setLang(lang) {
    current = known(lang);
    localStorage.setItem("gridbot.lang", current);
    apply();
  }

  window.GridBotI18n = { t, apply, setLang, lang: () => current, onChange: (f) => listeners.push(f) };
  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.addEventListener("click", () => setLang(next()));
    apply();
  });
})();
