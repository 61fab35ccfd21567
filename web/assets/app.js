// The site's one script (docs/behaviour.md §17.6): copy buttons, the mobile
// menu, "/" to focus the search box, the versions toggle. Everything works
// without it; htmx (loaded separately) adds live search.
(function () {
  "use strict";

  function copyText(text, button) {
    var done = function () {
      var label = button.querySelector("[data-copy-label]") || button;
      var before = label.textContent;
      button.setAttribute("data-copied", "true");
      label.textContent = "Copied!";
      setTimeout(function () {
        label.textContent = before;
        button.removeAttribute("data-copied");
      }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {});
    }
  }

  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      event.preventDefault();
      copyText(copy.getAttribute("data-copy"), copy);
      return;
    }
    var toggle = event.target.closest("[data-menu-toggle]");
    var menu = document.getElementById("mobile-menu");
    if (toggle && menu) {
      var open = menu.hasAttribute("hidden");
      if (open) {
        menu.removeAttribute("hidden");
      } else {
        menu.setAttribute("hidden", "");
      }
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }
    if (menu && !menu.hasAttribute("hidden") && !event.target.closest("#mobile-menu")) {
      menu.setAttribute("hidden", "");
      var button = document.querySelector("[data-menu-toggle]");
      if (button) button.setAttribute("aria-expanded", "false");
    }
    var more = event.target.closest("[data-toggle-target]");
    if (more) {
      var target = document.getElementById(more.getAttribute("data-toggle-target"));
      if (target) {
        var hidden = target.hasAttribute("hidden");
        if (hidden) target.removeAttribute("hidden");
        else target.setAttribute("hidden", "");
        more.setAttribute("aria-expanded", hidden ? "true" : "false");
        var label = more.querySelector("[data-toggle-label]");
        if (label) {
          label.textContent = hidden ? more.getAttribute("data-label-open")
                                     : more.getAttribute("data-label-closed");
        }
      }
    }
  });

  // "/" focuses the search box unless the user is typing somewhere.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" ||
                   active.tagName === "SELECT" || active.isContentEditable)) return;
    var search = document.getElementById("search");
    if (search) {
      event.preventDefault();
      search.focus();
    }
  });

  // Selects of a filter form submit it when changed (no-JS users press the button).
  document.addEventListener("change", function (event) {
    var select = event.target.closest("select[data-autosubmit]");
    if (select && select.form && !window.htmx) select.form.submit();
  });
})();
