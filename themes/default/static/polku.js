/* Polku: a service path for one resident, in the browser.

   Progressive enhancement: without this script the page shows every step with its
   "Applies to you if …" label, and nothing is lost. With it, the resident's answers hide
   the steps that do not apply, renumber the rest, say why each conditional step is shown,
   and let steps be ticked off; the checklist page is filtered the same way and its text
   and calendar downloads are written here, for the resident's own steps.

   The page's data is a JSON block (never executed) written by generator/personalise.py.
   Answers and ticks stay in this browser: in localStorage, and in the address's fragment
   (#a=premises:change-of-use;details:alcohol,tobacco), which is never sent to a server.
   Conditions are evaluated as generator/conditions.py `evaluate_partial` does; both are
   tested on tests/condition_cases.json. */
(() => {
  "use strict";

  // ------------------------------------------------------------ conditions

  // true or false, or null while it depends on a question not answered yet. `answers`
  // maps a question id to the ids of the options chosen; a missing id is unanswered.
  const evaluate = (c, answers) => {
    if (c.question) {
      const chosen = answers[c.question];
      return chosen ? c.chosen.some((id) => chosen.includes(id)) : null;
    }
    if (c.not) {
      const inner = evaluate(c.not, answers);
      return inner === null ? null : !inner;
    }
    const settles = !c.all; // one true part settles `any`, one false part settles `all`
    const parts = (c.all || c.any).map((part) => evaluate(part, answers));
    if (parts.includes(settles)) return settles;
    return parts.includes(null) ? null : !settles;
  };

  // The resident's own answers that make `c` come out `want`, in words ("you sell alcohol").
  const explain = (c, answers, want, questions) => {
    if (c.question) {
      const question = questions[c.question];
      const chosen = answers[c.question];
      if (!want && question.type === "multiple") return [c.unsaid];
      // A true leaf: the chosen options it lists. A false single-choice one: the option chosen instead.
      return question.options
        .filter((o) => chosen.includes(o.id) && (!want || c.chosen.includes(o.id)))
        .map((o) => o.said);
    }
    if (c.not) return explain(c.not, answers, !want, questions);
    return (c.all || c.any)
      .filter((part) => evaluate(part, answers) === want)
      .flatMap((part) => explain(part, answers, want, questions));
  };

  // ------------------------------------------------------------ answers in the address

  // Known questions and options only: a single-choice question has exactly one answer, a
  // multiple-choice one any of its options, or none ("None of these").
  const clean = (raw, questions) => {
    const answers = {};
    for (const [id, chosen] of Object.entries(raw || {})) {
      const question = questions[id];
      if (!question || !Array.isArray(chosen)) continue;
      const known = question.options.map((o) => o.id).filter((o) => chosen.includes(o));
      if (known.length === 1 || (question.type === "multiple" && (known.length || !chosen.length))) {
        answers[id] = known;
      }
    }
    return answers;
  };

  const parseFragment = (hash, questions) => {
    if (!hash.startsWith("#a=")) return null;
    const raw = {};
    try {
      for (const part of decodeURIComponent(hash.slice(3)).split(";")) {
        const [id, chosen] = part.split(":");
        if (id && chosen !== undefined) raw[id] = chosen ? chosen.split(",") : [];
      }
    } catch (error) {
      return null; // a mangled address: ignore it
    }
    return clean(raw, questions);
  };

  // generator/personalise.py `fragment` writes the same, for editors' warnings.
  const toFragment = (answers, order) =>
    "a=" + order
      .filter((q) => answers[q.id])
      .map((q) => q.id + ":" + q.options.map((o) => o.id).filter((id) => answers[q.id].includes(id)).join(","))
      .join(";");

  // ------------------------------------------------------------ words

  const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
  const plural = (texts, key, n) => fill(texts[key + (n === 1 ? "_one" : "_other")], { n });
  const joinAnd = (words, texts) => words.reduce((left, right) => fill(texts.condition_and, { left, right }));
  const answerWords = (question, chosen, none) =>
    chosen.length ? chosen.map((id) => question.options[id]).join(", ") : none;

  // ------------------------------------------------------------ downloads

  // The checklist as text; generator/checklist.py `static_text` writes the same with every step.
  // `view`: answers, shown (Set of step ids), labels ("1.", "and:"), why (condition lines), done.
  const checklistText = (x, view) => {
    const answered = x.questions.filter((q) => view.answers[q.id]);
    const blocks = [x.head, answered.length
      ? `## ${x.answers}\n\n` + answered.map((q) => `- ${q.label}: ${answerWords(q, view.answers[q.id], x.none)}`).join("\n")
      : x.all];
    for (const phase of x.phases) {
      const items = phase.steps.filter((id) => view.shown.has(id)).map((id) => {
        const step = x.steps[id];
        const condition = view.why[id] || step.if;
        const lines = (condition ? ["- " + condition] : []).concat(step.lines);
        return `- [${view.done.has(id) ? "x" : " "}] ${view.labels[id]} ${step.title}` + lines.map((l) => "\n  " + l).join("");
      });
      if (items.length) blocks.push(`## ${phase.title}\n\n` + items.join("\n"));
    }
    const providers = x.providers.filter((p) => p.steps.some((id) => view.shown.has(id)));
    if (providers.length) blocks.push(`## ${x.contact}\n\n` + providers.flatMap((p) => p.lines).join("\n"));
    return blocks.join("\n\n") + "\n";
  };

  const pad = (n) => String(n).padStart(2, "0");
  const shiftDay = (iso, days) => {
    const date = new Date(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10) + days));
    return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  };
  // The next "MM-DD" on or after today; 29 February is the 28th in other years.
  const nextOccurrence = (monthDay, today) => {
    for (let year = +today.slice(0, 4); ; year++) {
      let date = `${year}-${monthDay}`;
      if (shiftDay(date, 0) !== date) date = `${year}-02-28`;
      if (date >= today) return date;
    }
  };
  const escapeText = (s) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\n/g, "\\n");
  const octets = (ch) => { const c = ch.codePointAt(0); return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; };
  // RFC 5545 3.1: at most 75 octets a line, continued on lines that start with a space.
  const fold = (line) => {
    const pieces = [];
    let current = "", size = 0;
    for (const ch of line) {
      if (size + octets(ch) > (pieces.length ? 74 : 75)) {
        pieces.push(current);
        current = "";
        size = 0;
      }
      current += ch;
      size += octets(ch);
    }
    pieces.push(current);
    return pieces.join("\r\n ");
  };

  // The dated steps as iCalendar (RFC 5545); generator/ics.py `calendar` writes the same.
  // `today` is "YYYY-MM-DD": yearly dates come at their next occurrence, past ones are left out.
  const calendar = (cal, shown, today) => {
    const events = cal.events
      .filter((e) => shown.has(e.step))
      .map((e) => ({ ...e, start: e.yearly ? nextOccurrence(e.yearly, today) : e.date }))
      .filter((e) => e.start >= today)
      .map((e) => ({ ...e, uid: `${e.uid}-${e.start.replace(/-/g, "")}@${cal.host}` }))
      .sort((a, b) => (a.start + a.uid < b.start + b.uid ? -1 : 1));
    if (!events.length) return null;
    const lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + cal.prodid, "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + escapeText(cal.name)];
    for (const e of events) {
      lines.push("BEGIN:VEVENT", "UID:" + e.uid, "DTSTAMP:" + cal.stamp,
        "DTSTART;VALUE=DATE:" + e.start.replace(/-/g, ""),
        "DTEND;VALUE=DATE:" + shiftDay(e.start, 1).replace(/-/g, ""),
        "SUMMARY:" + escapeText(e.summary), "DESCRIPTION:" + escapeText(e.description),
        "URL:" + e.url, "TRANSP:TRANSPARENT");
      if (e.reminder) {
        lines.push("BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:" + escapeText(e.summary),
          "TRIGGER:" + cal.trigger, "END:VALARM");
      }
      lines.push("END:VEVENT");
    }
    lines.push("END:VCALENDAR");
    return lines.map((line) => fold(line) + "\r\n").join("");
  };

  // For the tests and for themes that build on Polku.
  window.polku = { evaluate, explain, parseFragment, toFragment, checklistText, calendar };

  // ------------------------------------------------------------ the page

  const block = document.getElementById("polku-data");
  if (!block) return;
  const data = JSON.parse(block.textContent);
  const texts = data.text;
  const byId = (id) => document.getElementById(id);
  const make = (tag, props, ...children) => {
    const element = Object.assign(document.createElement(tag), props);
    element.append(...children);
    return element;
  };
  const questions = Object.fromEntries(data.questions.map((q) => [q.id, q]));
  const steps = data.steps
    .map((step) => ({ ...step, li: byId("step-" + step.id) }))
    .filter((step) => step.li);
  const stepsById = Object.fromEntries(steps.map((step) => [step.id, step]));
  const form = byId("answers");
  const status = byId("result");
  const exports = data.checklist;
  const links = ["checklist-link", "change-answers", "guide-link"].map(byId).filter(Boolean);
  for (const link of links) link.dataset.base = link.getAttribute("href");
  const nextBadge = make("strong", { className: "badge badge--next", textContent: texts.next_step });
  let answers = {};
  let done = new Set();
  let view = null;

  const load = () => {
    try {
      const saved = JSON.parse(localStorage.getItem(data.store));
      if (saved && saved.version === data.version) return saved;
    } catch (error) {
      // storage blocked or unreadable: start afresh
    }
    return {};
  };
  const save = () => {
    try {
      if (Object.keys(answers).length || done.size) {
        localStorage.setItem(data.store, JSON.stringify({ version: data.version, answers, done: [...done] }));
      } else {
        localStorage.removeItem(data.store);
      }
    } catch (error) {
      // storage blocked: the answers still live in the address
    }
  };
  const restore = (fromAddress) => {
    const saved = load();
    answers = (fromAddress && parseFragment(location.hash, questions)) || clean(saved.answers, questions);
    done = new Set((saved.done || []).filter((id) => stepsById[id]));
  };
  const fragment = () => (Object.keys(answers).length ? "#" + toFragment(answers, data.questions) : "");
  const updateAddress = () => {
    const hash = fragment();
    if (hash !== location.hash) history.replaceState(history.state, "", hash || location.pathname + location.search);
  };

  const setForm = () => {
    if (!form) return;
    for (const input of form.querySelectorAll("input")) {
      const chosen = answers[input.name];
      input.checked = !!chosen && (input.value ? chosen.includes(input.value) : !chosen.length);
    }
  };
  const readForm = () => {
    const read = {};
    for (const q of data.questions) {
      const checked = [...form.querySelectorAll(`input[name="${q.id}"]:checked`)];
      if (checked.length) read[q.id] = checked.map((input) => input.value).filter(Boolean);
    }
    return read;
  };

  const setMarker = (step, number) => {
    step.marker.classList.toggle("step__marker--word", !number);
    if (number) {
      const shown = make("span", { textContent: String(number) });
      shown.setAttribute("aria-hidden", "true");
      step.marker.replaceChildren(
        make("span", { className: "visually-hidden", textContent: fill(texts.step_number, { n: number }) }), shown);
    } else {
      step.marker.textContent = texts["relation_" + step.relation];
    }
  };
  const hideEmpty = (selector, visibleChild) => {
    for (const element of document.querySelectorAll(selector)) {
      element.hidden = !element.querySelector(visibleChild + ":not([hidden])");
    }
  };

  // Show, number and explain the steps for the current answers; `note` goes before the count.
  const render = (note) => {
    view = { answers, done, shown: new Set(), labels: {}, why: {} };
    let number = 0, applies = 0, mayApply = 0, next = null;
    for (const list of document.querySelectorAll("ol.steps")) {
      let previous = false; // whether a step of this phase is shown before this one
      for (const li of list.children) {
        const step = stepsById[li.id.slice(5)];
        if (!step) continue;
        const value = step.when ? evaluate(step.when, answers) : true;
        li.hidden = value === false;
        if (li.hidden) continue;
        value ? applies++ : mayApply++;
        view.shown.add(step.id);
        // An "and"/"or" step whose partners are all hidden stands as a numbered step of its own.
        const joined = !!step.relation && previous;
        previous = true;
        if (!joined) number++;
        setMarker(step, joined ? 0 : number);
        li.classList.toggle("step--" + step.relation, joined);
        view.labels[step.id] = joined ? texts["relation_" + step.relation] + ":" : number + ".";
        if (step.because) {
          const reasons = value === true && [...new Set(explain(step.when, answers, true, questions))];
          const line = reasons ? fill(texts.shown_because, { reasons: joinAnd(reasons, texts) }) : step.appliesIf;
          step.because.textContent = line;
          step.because.classList.toggle("applies-if--because", !!reasons);
          if (reasons) view.why[step.id] = line;
        }
        step.box.checked = done.has(step.id);
        li.classList.toggle("step--done", step.box.checked);
        li.removeAttribute("aria-current");
        if (!step.box.checked && !next) next = step;
      }
      list.closest("section").hidden = !list.querySelector(":scope > li:not([hidden])");
    }
    if (next) {
      next.li.setAttribute("aria-current", "step");
      next.li.querySelector(".step__title").append(nextBadge);
    } else {
      nextBadge.remove();
    }

    for (const link of document.querySelectorAll('.topics a[href^="#step-"]')) {
      link.parentElement.hidden = !view.shown.has(link.hash.slice(6));
    }
    hideEmpty(".topic__phases > li", "li");
    hideEmpty(".topic", ".topic__phases > li");
    hideEmpty(".topics", ".topic");
    for (const provider of document.querySelectorAll("[data-steps]")) {
      provider.hidden = !provider.dataset.steps.split(" ").some((id) => view.shown.has(id));
    }
    hideEmpty(".contacts", ".provider");
    for (const link of document.querySelectorAll(".toc a")) {
      const target = byId(link.hash.slice(1));
      link.parentElement.hidden = !!(target && target.closest("[hidden]"));
    }

    const answered = Object.keys(answers).length;
    if (status) {
      const count = !answered ? plural(texts, "result_all", steps.length)
        : !view.shown.size ? texts.result_none
        : plural(texts, "result_applies", applies) + (mayApply ? " " + plural(texts, "result_may_apply", mayApply) : "");
      const said = note ? note + " " + count : count;
      if (status.textContent !== said) status.textContent = said; // unchanged text is not announced again
    }
    for (const link of links) link.href = link.dataset.base + fragment();
    if (exports) renderChecklist();
  };

  const renderChecklist = () => {
    const box = byId("your-answers");
    if (box) {
      const x = exports.text;
      box.querySelector("dl").replaceChildren(...x.questions.filter((q) => answers[q.id]).flatMap((q) => [
        make("dt", { textContent: q.label }), make("dd", { textContent: answerWords(q, answers[q.id], x.none) })]));
      box.hidden = !Object.keys(answers).length;
      byId("checklist-scope").hidden = !box.hidden;
    }
    const calendarLink = byId("download-calendar");
    if (calendarLink) calendarLink.parentElement.hidden = !calendar(exports.calendar, view.shown, today());
  };

  const today = () => {
    const now = new Date();
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  };
  const offer = (link, type, content) => {
    const url = URL.createObjectURL(new Blob([content], { type }));
    const temporary = make("a", { href: url, download: link.dataset.name });
    document.body.append(temporary);
    temporary.click();
    temporary.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  };

  // ------------------------------------------------------------ start

  for (const step of steps) {
    const title = step.li.querySelector(".step__title");
    step.marker = title.querySelector(".step__marker");
    const name = [...title.childNodes].filter((node) => node !== step.marker).map((node) => node.textContent).join("").trim();
    step.box = make("input", { type: "checkbox", id: "done-" + step.id });
    title.after(make("p", { className: "tick" }, step.box,
      make("label", { htmlFor: step.box.id }, texts.done, make("span", { className: "visually-hidden", textContent: " – " + name }))));
    step.box.addEventListener("change", () => {
      step.box.checked ? done.add(step.id) : done.delete(step.id);
      save();
      render();
    });
    step.because = step.li.querySelector(".applies-if");
    step.appliesIf = step.because && step.because.textContent;
  }
  document.documentElement.classList.add("scripted");

  if (form) {
    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("change", (event) => {
      const input = event.target;
      if (input.type === "checkbox" && input.checked) {
        // "None of these" and the question's options exclude each other.
        for (const other of form.querySelectorAll(`input[name="${input.name}"]`)) {
          if (!other.value !== !input.value) other.checked = false;
        }
      }
      answers = readForm();
      save();
      updateAddress();
      render();
    });
  }
  const startAgain = byId("start-again");
  if (startAgain) {
    startAgain.addEventListener("click", () => {
      answers = {};
      done = new Set();
      save();
      setForm();
      updateAddress();
      render(texts.started_again);
    });
  }
  const printButton = byId("print");
  if (printButton) printButton.addEventListener("click", () => window.print());
  for (const link of document.querySelectorAll("#download-text, #download-calendar")) {
    link.dataset.name = link.getAttribute("href");
    link.addEventListener("click", (event) => {
      event.preventDefault();
      if (link.id === "download-text") offer(link, "text/plain;charset=utf-8", checklistText(exports.text, view));
      else offer(link, "text/calendar;charset=utf-8", calendar(exports.calendar, view.shown, today()));
    });
  }

  // Answers in the address win over stored ones: a shared or bookmarked link shows its answers.
  const refresh = (fromAddress) => {
    restore(fromAddress);
    if (fromAddress && location.hash.startsWith("#a=")) save();
    if (!location.hash || location.hash.startsWith("#a=")) updateAddress();
    setForm();
    render();
  };
  addEventListener("hashchange", () => location.hash.startsWith("#a=") && refresh(true));
  addEventListener("pageshow", (event) => event.persisted && refresh(false)); // back from the checklist
  addEventListener("storage", (event) => event.key === data.store && refresh(false)); // another tab
  refresh(true);
})();
