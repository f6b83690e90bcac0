// The workshop room page, live: answers and reflections are sent without leaving the page, and
// what the facilitator does arrives by server-sent events. Without this script the page still
// works: every form posts and the page reloads.
"use strict";
(function () {
  const main = document.getElementById("main");
  if (!main || !main.dataset.events) return;
  const token = document.querySelector('meta[name="xsrf"]').content;
  const status = document.getElementById("status");
  const myAnswers = JSON.parse(main.dataset.myAnswers || "{}");
  function say(text, isError) {
    status.textContent = text;
    status.classList.toggle("error", Boolean(isError));
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

  // Put this person's own answer back into a freshly drawn question (the server sends the
  // same question to everyone), and keep a half-typed answer when only the state changed.
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
    const line = document.querySelector("#question .my-answer");
    if (line) {
      line.hidden = !mine;
      line.querySelector(".my-answer-value").textContent = mine || "";
    }
  }

  function keyOf(question, ended) {
    return (question ? question.id + ":" + question.state : "") + (ended ? ":ended" : "");
  }

  // What is on screen now. The page was drawn at data-revision; an event from a later
  // revision replaces whatever differs.
  const pageRevision = Number(main.dataset.revision);
  const shown = {
    question: keyOf(currentQuestion(), Boolean(document.querySelector("#ended .notice"))),
    revealed: null, results: null, shared: null, ended: Boolean(document.querySelector("#ended .notice")),
  };

  function update(data) {
    const fresh = data.rev > pageRevision;
    const before = currentQuestion();
    const key = keyOf(data.question, data.ended);
    if (key !== shown.question) {
      const text = document.getElementById("answer-text");
      const sameQuestion = before && data.question && before.id === data.question.id;
      const draft = sameQuestion && text ? text.value : null;
      document.getElementById("question").innerHTML = data.question_html;
      personalise(draft);
      if (data.question && (!before || before.id !== data.question.id)) {
        say("Question " + data.question.position + " is here.");
      } else if (data.question && data.question.state === "closed" && !data.ended) {
        say("The facilitator has closed this question.");
      }
      shown.question = key;
    }
    if (shown.results === null ? fresh : data.results_html !== shown.results) {
      document.getElementById("results").innerHTML = data.results_html;
      if (data.question && data.question.revealed && shown.revealed === false) {
        say("The facilitator has revealed the room’s answers.");
      }
    }
    shown.results = data.results_html;
    shown.revealed = Boolean(data.question && data.question.revealed);
    if (shown.shared === null ? fresh : data.shared_html !== shown.shared) {
      document.getElementById("shared").innerHTML = data.shared_html;
      localTimes(document.getElementById("shared"));
    }
    shown.shared = data.shared_html;
    if (data.ended && !shown.ended) {
      document.getElementById("ended").innerHTML = data.ended_html;
      const reflect = document.querySelector("#reflect form");
      if (reflect) {
        reflect.querySelectorAll("textarea, select, input, button").forEach((field) => (field.disabled = true));
      }
      say("The session has ended. Thank you for taking part.");
    }
    shown.ended = data.ended;
  }

  async function send(form, submitter) {
    const body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => (b.disabled = true));
    try {
      const response = await fetch(form.action, {
        method: "POST", body, credentials: "same-origin",
        headers: { Accept: "application/json", "X-XSRFToken": token },
      });
      const reply = await response.json();
      say(reply.message, !reply.ok);
      if (reply.ok) {
        if (reply.question) {
          myAnswers[reply.question] = reply.answer;
          personalise(null);
        }
        if (reply.mine_html !== undefined) {
          document.getElementById("mine").innerHTML = reply.mine_html;
          localTimes(document.getElementById("mine"));
        }
        if (form.hasAttribute("data-reset")) {
          form.querySelector("textarea").value = "";
          form.querySelector('input[type="checkbox"]').checked = false;
        }
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

  localTimes(document);
  const events = new EventSource(main.dataset.events);
  events.onmessage = (message) => update(JSON.parse(message.data));
})();
