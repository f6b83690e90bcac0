// The workshop room page, live: answers and reflections are sent without leaving the page, and
// what the facilitator does arrives by server-sent events. Without this script the page still
// works: every form posts and the page reloads.
//
// Each event carries the room's revision, whether it has ended, the question's state, and only
// the parts of the page that changed (all of them on connecting). Nothing a person has typed
// and not yet sent is ever replaced.
"use strict";
(function () {
  const main = document.getElementById("main");
  if (!main || !main.dataset.events) return;
  const token = document.querySelector('meta[name="xsrf"]').content;
  const status = document.getElementById("status");
  const myAnswers = JSON.parse(main.dataset.myAnswers || "{}");
  const pageRevision = Number(main.dataset.revision);
  let announced = 0;

  // A status message, announced even when it is the same words as last time.
  function say(text, isError) {
    status.classList.toggle("error", Boolean(isError));
    status.textContent = "";
    const turn = ++announced;
    setTimeout(() => { if (turn === announced) status.textContent = text; }, 50);
  }

  function localTimes(root) {
    for (const time of root.querySelectorAll("time[datetime]")) {
      const when = new Date(time.getAttribute("datetime"));
      if (!isNaN(when)) {
        time.textContent = when.toLocaleString([], { weekday: "short", hour: "2-digit", minute: "2-digit" });
      }
    }
  }

  function currentQuestion() {
    const box = document.querySelector("#question .question");
    return box ? { id: box.dataset.question, state: box.dataset.state } : null;
  }

  // The server draws the same question for everyone: put this person's own answer back in,
  // and keep what they were typing (``draft``) when the same question is redrawn.
  function personalise(draft) {
    const q = currentQuestion();
    if (!q) return;
    for (const field of document.querySelectorAll('#question input[name="_xsrf"]')) field.value = token;
    const mine = myAnswers[q.id];
    const text = document.getElementById("answer-text");
    if (text) text.value = draft !== null ? draft : mine || "";
    for (const radio of document.querySelectorAll('#question input[type="radio"]')) {
      radio.checked = radio.value === mine;
    }
    showMyAnswer(q.id);
  }

  function showMyAnswer(questionId) {
    const line = document.querySelector("#question .my-answer");
    const mine = myAnswers[questionId];
    if (line) {
      line.hidden = !mine;
      line.querySelector(".my-answer-value").textContent = mine || "";
    }
  }

  function keyOf(question, ended) {
    return (question ? question.id + ":" + question.state : "") + (ended ? ":ended" : "");
  }

  const ended = () => Boolean(document.querySelector("#ended .notice"));
  let shownQuestion = keyOf(currentQuestion(), ended());
  let revealed = null;

  function update(data) {
    if (data.rev < pageRevision) return; // older than the page itself: nothing new in it
    const before = currentQuestion();
    const key = keyOf(data.question, data.ended);
    if (key !== shownQuestion && "question_html" in data) {
      const text = document.getElementById("answer-text");
      const same = before && data.question && before.id === data.question.id;
      const draft = same && text ? text.value : null;
      document.getElementById("question").innerHTML = data.question_html;
      personalise(draft);
      if (data.question && (!before || before.id !== data.question.id)) {
        say("Question " + data.question.position + " is here.");
      } else if (data.question && data.question.state === "closed" && !data.ended) {
        say("The facilitator has closed this question.");
      }
      shownQuestion = key;
    }
    if ("results_html" in data) {
      document.getElementById("results").innerHTML = data.results_html;
      const now = Boolean(data.question && data.question.revealed);
      if (now && revealed === false) say("The facilitator has revealed the room’s answers.");
    }
    revealed = Boolean(data.question && data.question.revealed);
    if ("shared_html" in data) {
      document.getElementById("shared").innerHTML = data.shared_html;
      localTimes(document.getElementById("shared"));
    }
    if (data.ended && "ended_html" in data && !ended()) {
      document.getElementById("ended").innerHTML = data.ended_html; // an alert: it announces itself
      const reflect = document.querySelector("#reflect form");
      if (reflect) {
        reflect.querySelectorAll("textarea, select, input, button").forEach((field) => (field.disabled = true));
      }
    }
  }

  async function send(form, submitter) {
    const body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    const typed = form.querySelector("textarea");
    const sentText = typed ? typed.value : null;
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-XSRFToken": token },
      });
      const reply = await response.json();
      say(reply.message, !reply.ok);
      if (!reply.ok) return;
      if (reply.question) {
        myAnswers[reply.question] = reply.answer;
        showMyAnswer(reply.question);
      }
      if (reply.mine_html !== undefined) {
        document.getElementById("mine").innerHTML = reply.mine_html;
        localTimes(document.getElementById("mine"));
      }
      if (form.hasAttribute("data-reset") && typed && typed.value === sentText) {
        typed.value = ""; // only what was sent: words typed since stay
        form.querySelector('input[type="checkbox"]').checked = false;
      }
    } catch (error) {
      say("Could not reach the server; what you typed is still here. Try again in a moment.", true);
    } finally {
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.hasAttribute("data-async")) return;
    event.preventDefault();
    send(form, event.submitter);
  });

  // The browser reconnects by itself after a dropped connection; if the server refuses
  // (the seat was left in another tab, or the room can't be reached), say so and retry.
  function listen() {
    const events = new EventSource(main.dataset.events);
    events.onmessage = (message) => update(JSON.parse(message.data));
    events.onerror = () => {
      if (events.readyState !== EventSource.CLOSED) return;
      say("Live updates have stopped; trying again. Reload the page if this stays.", true);
      setTimeout(listen, 5000);
    };
  }

  localTimes(document);
  listen();
})();
