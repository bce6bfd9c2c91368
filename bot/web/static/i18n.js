// The pages' words in Chinese and English; the toggle's choice is remembered per browser.
"use strict";
(function () {
  const WORDS = {
    zh: {
      nav_simulator: "模拟器", nav_grid: "网格", i_am: "我是", groups: "群聊",
      connecting: "连接中…", connected: "已连接", disconnected: "已断开，正在重连…",
      send: "发送", join: "加入群聊", not_member: "你还不在这个群里。",
      member: "群成员", not_member_short: "非群成员",
      group_placeholder: "在群里说点什么…（@名字 可以提到人，Enter 发送）",
      direct_placeholder: "给机器人发私信…",
      direct_title: "与机器人私聊", no_messages: "还没有消息", bot: "机器人", me: "我",
      grid_title: "网格架构", summary_people: "人员", summary_groups: "群聊",
      level_community: "社区", level_grid: "网格", level_micro_grid: "微网格",
      level_landlord_grid: "房东网格", buildings: "楼栋", address: "地址",
      group_chat: "群聊", residents: "登记住户", nobody: "未指定", no_group: "无",
      empty_directory: "目录为空：请在配置的 [directory] 中填写网格。",
      role_community_staff: "社区工作人员", role_grid_worker: "网格员",
      role_micro_grid_worker: "微网格员", role_landlord_grid_leader: "网格长（房东）",
      role_landlord: "房东", role_property: "物业", role_police_liaison: "社区民警",
      role_tenant: "租户", role_other: "其他",
      err_bad_request: "请求无效", err_unknown_identity: "找不到这个身份",
      err_unknown_group: "找不到这个群", err_empty_text: "消息不能为空",
      err_too_long: "消息太长了", err_not_member: "你还不在这个群里，请先加入",
      err_no_identity: "请先选择身份", err_no_group: "请先选择群聊",
    },
    en: {
      nav_simulator: "Simulator", nav_grid: "Grid", i_am: "I am", groups: "Groups",
      connecting: "Connecting…", connected: "Connected", disconnected: "Disconnected, reconnecting…",
      send: "Send", join: "Join group", not_member: "You are not in this group yet.",
      member: "member", not_member_short: "not a member",
      group_placeholder: "Say something in the group… (@Name mentions someone, Enter sends)",
      direct_placeholder: "Message the bot directly…",
      direct_title: "Direct messages with the bot", no_messages: "No messages yet", bot: "bot", me: "me",
      grid_title: "Grid hierarchy", summary_people: "People", summary_groups: "Group chats",
      level_community: "Community", level_grid: "Grid", level_micro_grid: "Micro-grid",
      level_landlord_grid: "Landlord grid", buildings: "Buildings", address: "Address",
      group_chat: "Group chat", residents: "Registered residents", nobody: "not set", no_group: "none",
      empty_directory: "The directory is empty: fill in [directory] in the configuration.",
      role_community_staff: "Community staff", role_grid_worker: "Grid worker",
      role_micro_grid_worker: "Micro-grid worker", role_landlord_grid_leader: "Landlord-grid leader",
      role_landlord: "Landlord", role_property: "Property management", role_police_liaison: "Police liaison",
      role_tenant: "Tenant", role_other: "Other",
      err_bad_request: "Invalid request", err_unknown_identity: "Unknown identity",
      err_unknown_group: "Unknown group", err_empty_text: "The message is empty",
      err_too_long: "The message is too long", err_not_member: "You are not in this group; join it first",
      err_no_identity: "Choose who you are first", err_no_group: "Choose a group first",
    },
  };
  const listeners = [];
  let current = localStorage.getItem("gridbot.lang") === "en" ? "en" : "zh";

  function t(key) {
    return WORDS[current][key] ?? WORDS.zh[key] ?? key;
  }

  function apply() {
    document.documentElement.lang = current === "zh" ? "zh-CN" : "en";
    for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
      el.placeholder = t(el.dataset.i18nPlaceholder);
    }
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.textContent = current === "zh" ? "English" : "中文";
    for (const listener of listeners) listener(current);
  }

  function setLang(lang) {
    current = lang === "en" ? "en" : "zh";
    localStorage.setItem("gridbot.lang", current);
    apply();
  }

  window.GridBotI18n = { t, apply, setLang, lang: () => current, onChange: (f) => listeners.push(f) };
  document.addEventListener("DOMContentLoaded", () => {
    const toggle = document.getElementById("lang-toggle");
    if (toggle) toggle.addEventListener("click", () => setLang(current === "zh" ? "en" : "zh"));
    apply();
  });
})();
