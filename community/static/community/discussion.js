/* Bespreekpunten: progressive enhancements. Everything works without this file; it adds
   draft autosave, @mention autocomplete and quoting a selection. No dependencies. */
(function () {
  "use strict";
  var API = "/api/community";

  function csrf(form) {
    var input = (form || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function text(form, name, fallback) {
    return (form && form.dataset[name]) || fallback;
  }

  /* Drafts: saved server-side while typing, so a closed tab loses nothing. */
  function setupDraft(form) {
    var key = form.dataset.draftKey;
    var status = form.querySelector(".draft-status");
    var timer = null;
    function save() {
      var title = form.querySelector("[name=title]");
      var body = form.querySelector("[name=body]");
      if (status) status.textContent = text(form, "textSaving", "…");
      fetch(API + "/drafts/" + encodeURIComponent(key), {
        method: "PUT",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(form) },
        body: JSON.stringify({ title: title ? title.value : "", body: body ? body.value : "" })
      }).then(function (response) {
        if (status) {
          status.textContent = response.ok
            ? text(form, "textSaved", "Draft saved")
            : text(form, "textFailed", "Could not save the draft");
        }
      }).catch(function () {
        if (status) status.textContent = text(form, "textFailed", "Could not save the draft");
      });
    }
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(save, 700);
    });
  }

  /* @mentions: suggest members while typing "@na". */
  function setupMentions(textarea) {
    var list = document.createElement("ul");
    var listId = textarea.id + "-mentions";
    var items = [];
    var active = -1;
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.dataset.mentionsLabel || "@");
    list.hidden = true;
    textarea.parentNode.appendChild(list);
    textarea.setAttribute("aria-autocomplete", "list");
    textarea.setAttribute("aria-controls", listId);

    function query() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = /(^|\s)@([\w.+-]{1,30})$/.exec(before);
      return match ? match[2] : null;
    }
    function close() {
      list.hidden = true;
      items = [];
      active = -1;
      textarea.removeAttribute("aria-activedescendant");
    }
    function choose(index) {
      var member = items[index];
      if (!member) return;
      var caret = textarea.selectionStart;
      var before = textarea.value.slice(0, caret).replace(/@[\w.+-]*$/, "@" + member.username + " ");
      textarea.value = before + textarea.value.slice(caret);
      textarea.selectionStart = textarea.selectionEnd = before.length;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
      close();
      textarea.focus();
    }
    function show(found) {
      items = found;
      list.innerHTML = "";
      found.forEach(function (member, index) {
        var li = document.createElement("li");
        li.id = listId + "-" + index;
        li.setAttribute("role", "option");
        li.textContent = member.name + " (@" + member.username + ")";
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(index);
        });
        list.appendChild(li);
      });
      list.hidden = found.length === 0;
      active = found.length ? 0 : -1;
      highlight();
    }
    function highlight() {
      Array.prototype.forEach.call(list.children, function (li, index) {
        li.setAttribute("aria-selected", index === active ? "true" : "false");
      });
      if (active >= 0) textarea.setAttribute("aria-activedescendant", listId + "-" + active);
    }
    var pending = null;
    textarea.addEventListener("input", function () {
      var q = query();
      if (!q) return close();
      clearTimeout(pending);
      pending = setTimeout(function () {
        fetch(API + "/members?q=" + encodeURIComponent(q), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : []; })
          .then(show)
          .catch(close);
      }, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : items.length - 1)) % items.length;
        highlight();
      } else if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  /* Quote a selection: select text in a post, press the button, the quote lands in the reply. */
  function setupQuotes() {
    var reply = document.querySelector(".reply-box textarea[name=body]");
    if (!reply) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button quote-button";
    button.textContent = reply.form.dataset.textQuote || "Quote";
    button.hidden = true;
    document.body.appendChild(button);
    var current = null;
    document.addEventListener("selectionchange", function () {
      var selection = document.getSelection();
      var text = selection ? selection.toString().trim() : "";
      var node = selection && selection.anchorNode;
      var post = node && (node.nodeType === 1 ? node : node.parentElement);
      post = post && post.closest(".post");
      if (!text || !post || !post.querySelector(".post__body")) {
        if (document.activeElement !== button) button.hidden = true;
        return;
      }
      var rect = selection.getRangeAt(0).getBoundingClientRect();
      current = { text: text, post: post };
      button.style.top = window.scrollY + rect.bottom + 6 + "px";
      button.style.left = window.scrollX + rect.left + "px";
      button.hidden = false;
    });
    button.addEventListener("click", function () {
      if (!current) return;
      var post = current.post;
      var quote = current.text.split(/\n/).map(function (line) {
        return line ? "> " + line : ">";
      }).join("\n");
      var source = "[@" + post.dataset.author + ", #" + post.dataset.number + "](" + post.dataset.url + ")";
      var prefix = reply.value && !/\n\n$/.test(reply.value) ? "\n\n" : "";
      reply.value += prefix + quote + "\n>\n> — " + source + "\n\n";
      var replyTo = reply.form.querySelector("[name=reply_to]");
      if (replyTo && !replyTo.value) replyTo.value = post.dataset.number;
      reply.dispatchEvent(new Event("input", { bubbles: true }));
      button.hidden = true;
      reply.focus();
    });
  }

  document.querySelectorAll("form[data-draft-key]").forEach(setupDraft);
  document.querySelectorAll("textarea[data-mentions]").forEach(setupMentions);
  setupQuotes();
})();
