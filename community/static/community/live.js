/* Live discussion over websockets: enhances the server-rendered topic and bespreekpunt pages.
 *
 * Without JavaScript (or without a socket) the pages work by reloading. The server sends posts
 * as the same <li> the page renders; a post already on the page is replaced, never doubled.
 * Channel layers deliver at most once, so on every (re)connect the client says the highest post
 * number it has ("hello") and the server sends every later post from the database.
 * Protocol: community/realtime/protocol.py.
 */
(function () {
  "use strict";

  var HEARTBEAT_MS = 5000;   // protocol.PRESENCE_HEARTBEAT
  var SILENCE_MS = 30000;    // no frame at all for this long: the socket is dead, reconnect
  var WRITING_IDLE_MS = 6000;
  var STOP_CODES = [4401, 4403, 4404];

  function socketUrl(path) {
    return (location.protocol === "https:" ? "wss://" : "ws://") + location.host + path;
  }

  /* One socket that comes back after drops, with exponential backoff and full jitter. */
  function LiveSocket(path, handlers) {
    var socket = null, attempt = 0, timer = null, lastFrame = 0, stopped = false;
    function schedule() {
      if (stopped || timer) return;
      var ceiling = Math.min(30000, 500 * Math.pow(2, attempt));
      attempt += 1;
      timer = setTimeout(function () { timer = null; open(); }, ceiling / 2 + Math.random() * ceiling / 2);
    }
    function open() {
      if (stopped || (socket && socket.readyState <= 1)) return;
      if (navigator.onLine === false) { schedule(); return; }
      socket = new WebSocket(socketUrl(path));
      socket.onopen = function () { attempt = 0; lastFrame = Date.now(); handlers.open(send); };
      socket.onmessage = function (event) {
        lastFrame = Date.now();
        var frame;
        try { frame = JSON.parse(event.data); } catch (error) { return; }
        handlers.frame(frame, send);
      };
      socket.onclose = function (event) {
        socket = null;
        if (handlers.closed) handlers.closed();
        if (STOP_CODES.indexOf(event.code) !== -1) { stopped = true; return; }
        schedule();
      };
    }
    function send(frame) {
      if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
    }
    /* Gives up on the current socket at once: a closing handshake over a dead network can take
     * long, and nothing that socket still delivers may reach the page after it was dropped. */
    function drop() {
      if (!socket) return;
      var dying = socket;
      socket = null;
      dying.onclose = null;
      dying.onmessage = null;
      dying.close();
      if (handlers.closed) handlers.closed();
      schedule();
    }
    setInterval(function () {
      if (socket && socket.readyState === 1) {
        if (Date.now() - lastFrame > SILENCE_MS) { drop(); return; }
        send({type: "ping"});
      }
    }, SILENCE_MS / 2);
    window.addEventListener("offline", drop);
    window.addEventListener("online", function () {
      if (timer) { clearTimeout(timer); timer = null; }
      attempt = 0;
      open();
    });
    open();
    return {send: send, close: drop};
  }

  function announce(region, text) {
    if (!region) return;
    // A fresh text node makes screen readers read the message even if it repeats.
    region.textContent = "";
    setTimeout(function () { region.textContent = text; }, 50);
  }

  function topicPage(list) {
    var data = list.dataset;
    var region = document.querySelector("[data-live-region]");
    var presenceLine = document.querySelector("[data-live-presence]");
    var isLastPage = data.liveLastPage === "1";
    var member = data.liveMember === "1";
    var last = parseInt(data.livePostCount, 10) || 0;
    var state = "reading", writingTimer = null, heartbeat = null, pendingNotice = null;

    function numbers() {
      return Array.prototype.map.call(list.querySelectorAll(":scope > li[data-number]"), function (li) {
        return parseInt(li.dataset.number, 10);
      });
    }
    numbers().forEach(function (n) { if (n > last) last = n; });

    function upsert(number, html, announceIt) {
      var template = document.createElement("template");
      template.innerHTML = html.trim();
      var item = template.content.firstElementChild;
      if (!item) return;
      var existing = document.getElementById("post-" + number);
      if (existing) {
        existing.replaceWith(item);
      } else if (isLastPage) {
        var after = null;
        Array.prototype.forEach.call(list.querySelectorAll(":scope > li[data-number]"), function (li) {
          if (!after && parseInt(li.dataset.number, 10) > number) after = li;
        });
        list.insertBefore(item, after);
        if (announceIt) {
          var author = item.querySelector(".post__author");
          announce(region, data.liveTextNewPost + " " + (author ? author.textContent.trim() : ""));
        }
      } else if (number > last) {
        showNotice(data.liveTextMore);
      }
      if (number > last) last = number;
    }

    function showNotice(text) {
      if (!pendingNotice) {
        pendingNotice = document.createElement("p");
        pendingNotice.className = "live-notice";
        var link = document.createElement("a");
        link.href = data.liveLastUrl || location.pathname;
        pendingNotice.appendChild(link);
        list.parentNode.insertBefore(pendingNotice, list.nextSibling);
      }
      pendingNotice.firstChild.textContent = text;
      announce(region, text);
    }

    function showPresence(frame) {
      if (!presenceLine) return;
      var parts = [];
      if (frame.reading.length) parts.push(data.liveTextReading + " " + frame.reading.join(", "));
      if (frame.writing.length) parts.push(data.liveTextWriting + " " + frame.writing.join(", "));
      presenceLine.textContent = parts.join(" · ");
      presenceLine.hidden = parts.length === 0;
    }

    /* New results of a poll or consent round (the same for every reader); the forms stay, so a
     * choice being made is kept. Once closed, the voting form goes. */
    function showDecision(frame) {
      var current = document.querySelector('[data-decision-results="' + frame.id + '"]');
      if (!current) return;
      var template = document.createElement("template");
      template.innerHTML = frame.html.trim();
      var fresh = template.content.firstElementChild;
      if (fresh) current.replaceWith(fresh);
      if (frame.closed) {
        var form = document.querySelector('[data-decision-form="' + frame.id + '"]');
        if (form) form.remove();
      }
      list.dataset.liveDecision = frame.id + ":" + frame.event;
    }

    var live = LiveSocket(data.liveUrl, {
      open: function (send) {
        list.dataset.liveState = "open";
        send({type: "hello", after: last});
        if (member) {
          send({type: "presence", state: state});
          clearInterval(heartbeat);
          heartbeat = setInterval(function () { send({type: "presence", state: state}); }, HEARTBEAT_MS);
        }
      },
      closed: function () { list.dataset.liveState = "closed"; clearInterval(heartbeat); },
      frame: function (frame) {
        if (frame.type === "post") upsert(frame.number, frame.html, frame.event !== "resync" || frame.number > last);
        else if (frame.type === "synced") list.dataset.liveSynced = String(frame.last);
        else if (frame.type === "presence") showPresence(frame);
        else if (frame.type === "reload") showNotice(data.liveTextMore);
        else if (frame.type === "decision") showDecision(frame);
        else if (frame.type === "error") console.warn("live: " + frame.code + ": " + frame.message);
      }
    });
    window.communityLive = live;

    var form = document.querySelector(".reply-box form");
    if (form && member) {
      var setState = function (next) {
        if (state !== next) { state = next; live.send({type: "presence", state: state}); }
      };
      form.addEventListener("input", function () {
        setState("writing");
        clearTimeout(writingTimer);
        writingTimer = setTimeout(function () { setState("reading"); }, WRITING_IDLE_MS);
      });
      form.addEventListener("submit", function () { setState("reading"); });
    }
  }

  function bespreekpuntPage(section) {
    var data = section.dataset;
    var region = document.querySelector("[data-live-region]");
    LiveSocket(data.liveUrl, {
      open: function () {},
      frame: function (frame) {
        if (frame.type !== "topic") return;
        var row = section.querySelector('tr[data-topic-id="' + frame.topic_id + '"]');
        if (row) {
          var replies = row.querySelector("[data-replies]");
          if (replies) replies.textContent = String(frame.reply_count);
        }
        if (frame.event === "topic.created" && !row) {
          var list = section.querySelector("[data-live-new-topics]");
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = frame.url;
          link.textContent = frame.title;
          item.appendChild(link);
          list.appendChild(item);
          list.hidden = false;
          announce(region, data.liveTextNewTopic + " " + frame.title);
        }
      }
    });
  }

  /* The member's own channel: keeps a notification badge current on every tab. The page marks
   * the badge <… data-live-notifications data-live-url="/ws/<lang>/community/me/"> and may
   * hold a polite live region [data-live-region] to announce new notifications. */
  function memberChannel(badge) {
    var region = document.querySelector("[data-live-region]");
    LiveSocket(badge.dataset.liveUrl, {
      open: function () {},
      frame: function (frame) {
        if (frame.type !== "notification.count" && frame.type !== "notification.new") return;
        badge.textContent = String(frame.count);
        badge.hidden = frame.count === 0;
        if (frame.type === "notification.new") announce(region, frame.text);
      }
    });
  }

  if (!("WebSocket" in window)) return;
  var topicList = document.querySelector("[data-live-topic]");
  if (topicList) topicPage(topicList);
  var topics = document.querySelector("[data-live-bespreekpunt]");
  if (topics) bespreekpuntPage(topics);
  var badge = document.querySelector("[data-live-notifications]");
  if (badge) memberChannel(badge);
})();
