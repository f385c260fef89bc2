// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // A reader whose browser prefers Spanish gets a one-line offer of this page in Spanish (never
  // a redirect: the address alone says the language).
  var languages = navigator.languages || [navigator.language || ""];
  if (String(languages[0] || "").toLowerCase().indexOf("es") === 0) {
    document.querySelectorAll("[data-language-suggestion]").forEach(function (line) { line.hidden = false; });
  }
  // On a phone the main links fold under a "Menu" button, so the crisis lines, the seizure
  // button, the language and the page's own title fit the first screen.
  var toggle = document.querySelector(".site-nav__toggle");
  var phone = window.matchMedia("(max-width: 40em)");
  if (toggle) {
    var links = document.getElementById(toggle.getAttribute("aria-controls"));
    var fold = function () {
      toggle.hidden = !phone.matches;
      toggle.setAttribute("aria-expanded", String(!phone.matches));
      links.classList.toggle("site-nav__links--folded", phone.matches);
    };
    var show = function (open) {
      toggle.setAttribute("aria-expanded", String(open));
      links.classList.toggle("site-nav__links--folded", !open);
    };
    toggle.addEventListener("click", function () {
      show(toggle.getAttribute("aria-expanded") !== "true");
    });
    // Escape folds the open menu again and puts the focus back on its button (as a menu
    // button does), from the button or from any of its links.
    [toggle, links].forEach(function (element) {
      element.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && phone.matches && toggle.getAttribute("aria-expanded") === "true") {
          show(false);
          toggle.focus();
        }
      });
    });
    phone.addEventListener("change", fold);
    fold();
  }
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // "Mark as complete" on a lesson page shared by every visitor without a session: the page
  // holds no CSRF token, so without JavaScript the button opens a confirmation page that does.
  // With it, one click: fetch that page (which gives this visitor their CSRF cookie), then send
  // its form. Any failure falls back to the confirmation page.
  document.querySelectorAll("form[data-confirm-page]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var url = form.action + "?" + new URLSearchParams(new FormData(form)).toString();
      fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) { throw new Error(response.status); }
          return response.text();
        })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var confirm = page.querySelector("form[data-confirmation]");
          if (!confirm) { throw new Error("no confirmation form"); }
          var post = document.createElement("form");
          post.method = "post";
          post.action = confirm.getAttribute("action");
          post.hidden = true;
          confirm.querySelectorAll("input[type=hidden]").forEach(function (input) {
            post.appendChild(input.cloneNode());
          });
          document.body.appendChild(post);
          post.submit();
        })
        .catch(function () { window.location.assign(url); });
    });
  });
  // After a form is sent, move focus to its result or error summary (the autofocus attribute
  // does this too; this covers browsers that ignore autofocus on non-form elements).
  var target = document.querySelector("[data-focus-on-load]");
  if (target && (document.activeElement === document.body || document.activeElement === null)) {
    target.focus();
  }
})();
