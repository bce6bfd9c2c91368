// The chat simulator page: pick who you are and a group, chat live over one WebSocket.
"use strict";
(function () {
  const i18n = window.GridBotI18n;
  const roster = JSON.parse(document.getElementById("roster").textContent);
  const byId = new Map(roster.identities.map((person) => [person.contact_id, person]));
  const $ = (id) => document.getElementById(id);
  const state = { identity: null, group: null, member: false, socket: null, retry: 0, unread: new Set(), pending: null };

  function buildIdentityPicker() {
    const select = $("identity");
    select.replaceChildren();
    const groups = new Map();
    for (const person of roster.identities) {
      if (!groups.has(person.role)) {
        const optgroup = document.createElement("optgroup");
        optgroup.dataset.role = person.role;
        groups.set(person.role, optgroup);
        select.append(optgroup);
      }
      const option = document.createElement("option");
      option.value = person.contact_id;
      option.textContent = person.name;
      groups.get(person.role).append(option);
    }
    labelRoles();
    select.value = state.identity;
  }

  function labelRoles() {
    for (const optgroup of $("identity").querySelectorAll("optgroup")) {
      optgroup.label = i18n.t("role_" + optgroup.dataset.role);
    }
  }

  function buildGroupList() {
    const list = $("group-list");
    list.replaceChildren();
    for (const group of roster.groups) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.className = "group-item";
      button.dataset.chatId = group.chat_id;
      button.textContent = group.name;
      button.classList.toggle("active", group.chat_id === state.group);
      button.classList.toggle("unread", state.unread.has(group.chat_id));
      button.addEventListener("click", () => choose(state.identity, group.chat_id));
      item.append(button);
      list.append(item);
    }
  }

  function choose(identity, group) {
    state.identity = identity;
    state.group = group;
    state.unread.delete(group);
    localStorage.setItem("gridbot.sim.identity", identity);
    localStorage.setItem("gridbot.sim.group", group);
    $("group-title").textContent = roster.groups.find((g) => g.chat_id === group)?.name ?? "";
    buildGroupList();
    send({ type: "watch", identity, group });
  }

  function send(request) {
    if (state.socket && state.socket.readyState === WebSocket.OPEN) {
      state.socket.send(JSON.stringify(request));
      return true;
    }
    return false;
  }

  function renderText(target, line) {
    // Mentioned names are highlighted by splitting the text; it is never parsed as HTML.
    const names = line.mentions.map((id) => (id === "gridbot" ? roster.bot_name : byId.get(id)?.name))
      .filter(Boolean).map((name) => "@" + name);
    let rest = line.text;
    while (rest) {
      const hits = names.map((n) => [rest.indexOf(n), n]).filter(([at]) => at >= 0).sort((a, b) => a[0] - b[0]);
      if (!hits.length) break;
      const [at, name] = hits[0];
      target.append(rest.slice(0, at));
      const mention = document.createElement("span");
      mention.className = "mention";
      mention.textContent = name;
      target.append(mention);
      rest = rest.slice(at + name.length);
    }
    target.append(rest);
  }

  function renderLine(line) {
    const item = document.createElement("li");
    item.className = "msg";
    item.dataset.id = line.id;
    item.classList.toggle("bot", line.from_bot);
    item.classList.toggle("own", line.sender_id === state.identity);
    const meta = document.createElement("div");
    meta.className = "meta";
    const name = document.createElement("span");
    name.className = "sender";
    name.textContent = line.sender_name;
    if (line.from_bot) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.dataset.i18n = "bot";
      badge.textContent = i18n.t("bot");
      name.append(" ", badge);
    }
    const time = document.createElement("time");
    time.dateTime = line.timestamp;
    time.textContent = new Date(line.timestamp).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    meta.append(name, " ", time);
    const body = document.createElement("div");
    body.className = "text";
    renderText(body, line);
    item.append(meta, body);
    return item;
  }

  function show(listId, lines, replace) {
    const list = $(listId);
    if (replace) list.replaceChildren();
    for (const line of lines) {
      if (!list.querySelector(`[data-id="${CSS.escape(line.id)}"]`)) list.append(renderLine(line));
    }
    list.classList.toggle("empty", !list.children.length);
    list.dataset.empty = i18n.t("no_messages");
    list.scrollTop = list.scrollHeight;
  }

  function setMember(member) {
    state.member = member;
    $("group-form").hidden = !member;
    $("join-box").hidden = member;
    $("member-state").textContent = i18n.t(member ? "member" : "not_member_short");
  }

  function showError(code, message) {
    const box = $("error");
    box.textContent = i18n.t("err_" + code) === "err_" + code ? message : i18n.t("err_" + code);
    box.hidden = false;
    clearTimeout(showError.timer);
    showError.timer = setTimeout(() => (box.hidden = true), 6000);
  }

  const handlers = {
    history(m) {
      if (m.identity !== state.identity || m.group !== state.group) return;
      setMember(m.member);
      show("group-messages", m.group_lines, true);
      show("direct-messages", m.direct_lines, true);
    },
    line(m) {
      if (m.line.sender_id === state.identity) state.pending = null;
      show(m.line.chat_kind === "group" ? "group-messages" : "direct-messages", [m.line], false);
    },
    activity(m) {
      state.unread.add(m.group);
      buildGroupList();
    },
    joined(m) {
      if (m.group === state.group) setMember(true);
    },
    resync() {
      send({ type: "watch", identity: state.identity, group: state.group });
    },
    error(m) {
      // A refused post (too long, not a member) goes back into its box: nothing typed is lost.
      const pending = state.pending;
      state.pending = null;
      if (pending && !pending.input.value) pending.input.value = pending.text;
      showError(m.code, m.message);
    },
  };

  function setStatus(key) {
    const status = $("status");
    status.dataset.state = key;
    status.dataset.i18n = key;
    status.textContent = i18n.t(key);
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws`);
    state.socket = socket;
    socket.addEventListener("open", () => {
      state.retry = 0;
      setStatus("connected");
      send({ type: "watch", identity: state.identity, group: state.group });
    });
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      handlers[message.type]?.(message);
    });
    socket.addEventListener("close", () => {
      setStatus("disconnected");
      state.retry = Math.min(state.retry + 1, 5);
      setTimeout(connect, 1000 * 2 ** (state.retry - 1));
    });
  }

  function wireComposer(formId, inputId, chat) {
    const form = $(formId);
    const input = $(inputId);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const text = input.value;
      if (!text.trim() || !send({ type: "post", chat, text })) return;
      state.pending = { input, text };
      input.value = "";
    });
    input.addEventListener("keydown", (event) => {
      // Enter while an input method is composing Chinese picks a candidate; it must not send.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  function wirePhoto(inputId, chat) {
    // A photo (or any file) goes as a message of its own, as a phone sends it.
    const input = $(inputId);
    input.addEventListener("change", () => {
      const file = input.files[0];
      input.value = "";
      if (!file) return;
      const reader = new FileReader();
      reader.addEventListener("load", () => {
        const data = String(reader.result).split(",", 2)[1] ?? "";
        send({ type: "photo", chat, name: file.name, data });
      });
      reader.readAsDataURL(file);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    const saved = localStorage.getItem("gridbot.sim.identity");
    state.identity = byId.has(saved) ? saved : roster.identities[0]?.contact_id ?? null;
    const savedGroup = localStorage.getItem("gridbot.sim.group");
    const known = roster.groups.some((g) => g.chat_id === savedGroup);
    state.group = known ? savedGroup : roster.groups[0]?.chat_id ?? null;
    buildIdentityPicker();
    $("identity").addEventListener("change", (event) => choose(event.target.value, state.group));
    $("join-button").addEventListener("click", () => send({ type: "join" }));
    wireComposer("group-form", "group-input", "group");
    wireComposer("direct-form", "direct-input", "direct");
    wirePhoto("group-photo", "group");
    wirePhoto("direct-photo", "direct");
    i18n.onChange(() => {
      labelRoles();
      setMember(state.member);
      $("group-messages").dataset.empty = i18n.t("no_messages");
      $("direct-messages").dataset.empty = i18n.t("no_messages");
    });
    choose(state.identity, state.group);
    setMember(false);
    connect();
  });
})();
