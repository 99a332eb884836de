/* Polku: sends "Was this useful?" forms in place and announces the result in the form's
   live region. Without this file (or JavaScript) the forms post normally and the
   receiver answers with a page of its own. Only the form's own fields are sent. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URLSearchParams || !window.FormData) return;
  var say = script.dataset;  // sending, thanks, failed: in the page's language

  function enhance(form) {
    var status = document.getElementById(form.dataset.feedbackStatus);
    var sending = false;
    if (!status) return;

    function thank() {
      form.hidden = true;
      status.textContent = say.thanks;
      status.focus();
    }

    // The form keeps what was typed, so the resident can simply try again.
    function fail(message) {
      sending = false;
      status.textContent = message || say.failed;
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (sending) return;
      sending = true;
      status.textContent = say.sending;
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "application/json" },
        credentials: "omit",
        referrerPolicy: "no-referrer"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (answer) {
          if (response.ok) thank(); else fail(answer.message);
        });
      }).catch(function () { fail(); });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-feedback-status]"), enhance);
})();
