/* The lecture player (learning/lecture.html): playback, heartbeats, presence checks. */
(function () {
  "use strict";
  var root = document.getElementById("study");
  var video = document.getElementById("player");
  if (!root || !video) { return; }
  var T = JSON.parse(document.getElementById("study-text").textContent);
  var lectureId = root.dataset.lecture, enrolmentId = parseInt(root.dataset.enrolment, 10);
  var rateCap = parseFloat(root.dataset.rateCap) || 1;
  var message = document.getElementById("player-message");
  var bar = document.getElementById("watched-bar"), watchedText = document.getElementById("watched-text");
  var badge = document.getElementById("complete-badge");
  var modal = document.getElementById("presence"), okButton = document.getElementById("presence-ok");
  var watching = false, playbackId = null, playerKey = null, seq = 0, every = 30, timer = null, stopped = false, resumeAt = 0;
  var lastPosition = 0, pendingCheck = null, queue = Promise.resolve();

  function say(text) { message.textContent = text || ""; }

  function post(path, body, keepalive, key) {
    var headers = {"Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf};
    // Heartbeats sign in with the playback's own player key (the server's cheapest path); the
    // session cookie goes along, and answers should the key be refused.
    if (key) { headers.Authorization = "Bearer " + key; }
    return fetch("/api/v1/" + path, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: headers,
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (b) { return {status: r.status, body: b}; });
    });
  }

  function start() {
    post("lectures/" + lectureId + "/playback", {enrolment_id: enrolmentId}).then(function (r) {
      if (r.status !== 201) { stopped = true; say(r.body.message); video.pause(); return; }
      playbackId = r.body.playback_id; playerKey = r.body.player_token || null;
      every = r.body.heartbeat_seconds || every; resumeAt = r.body.resume_at || 0;
      if (video.readyState >= 1) { seekToResume(); } else { video.addEventListener("loadedmetadata", seekToResume, {once: true}); }
    }).catch(function () { say(T.network); });
  }

  function seekToResume() {
    lastPosition = resumeAt;
    if (resumeAt > 0 && resumeAt < video.duration) { video.currentTime = resumeAt; }
  }

  function show(body) {
    var share = Math.round((body.progress || 0) * 100);
    bar.style.width = share + "%";
    bar.parentNode.setAttribute("aria-valuenow", share);
    watchedText.textContent = T.watched + " " + share + "%";
    badge.hidden = !body.completed;
    if (body.presence_check && body.presence_check.id) { ask(body.presence_check.id); }
  }

  // Heartbeats go one at a time and in order; the server counts only real time anyway.
  function beat(position, keepalive) {
    if (!playbackId || stopped) { return; }
    seq += 1;
    var body = {seq: seq, position: Math.max(0, position || 0), rate: video.playbackRate || 1};
    queue = queue.then(function () {
      return post("playbacks/" + playbackId + "/heartbeat", body, keepalive, playerKey).then(function (r) {
        if (r.status === 200) {
          watching = true; show(r.body);
          if (!pendingCheck) { say(video.playbackRate > rateCap ? T.over_cap : ""); }
        }
        else if (r.status === 409) { supersede(r.body.message || T.superseded); }
        else { say(r.body.message || T.network); }
      }).catch(function () { say(T.network); });
    });
  }

  function supersede(text) {
    stopped = true; video.pause(); clearInterval(timer);
    say(text);
    var again = document.createElement("button");
    again.type = "button"; again.className = "secondary"; again.textContent = T.resume_here;
    again.addEventListener("click", function () { window.location.reload(); });
    message.appendChild(document.createElement("br")); message.appendChild(again);
  }

  function ask(id) {
    if (pendingCheck === id) { return; }
    pendingCheck = id; video.pause();
    if (document.fullscreenElement && document.exitFullscreen) { document.exitFullscreen(); }
    if (video.webkitDisplayingFullscreen && video.webkitExitFullscreen) { video.webkitExitFullscreen(); }
    modal.hidden = false; okButton.focus();
  }

  okButton.addEventListener("click", function () {
    if (!pendingCheck) { modal.hidden = true; return; }
    post("playbacks/" + playbackId + "/presence", {id: pendingCheck}).then(function (r) {
      if (r.status === 200) { pendingCheck = null; modal.hidden = true; say(""); video.play(); }
      else if (r.status === 409) { modal.hidden = true; supersede(r.body.message || T.superseded); }
      else { say(r.body.message || T.presence_failed); }
    }).catch(function () { say(T.presence_failed); });
  });

  video.addEventListener("timeupdate", function () { if (!video.seeking) { lastPosition = video.currentTime; } });
  video.addEventListener("play", function () {
    if (pendingCheck) { video.pause(); modal.hidden = false; return; }
    clearInterval(timer);
    timer = setInterval(function () { beat(video.currentTime); }, every * 1000);
  });
  video.addEventListener("pause", function () { clearInterval(timer); beat(video.currentTime); });
  // Before a seek the stretch played so far is reported; after it, the new position, so the
  // skipped part is never mistaken for watched time.
  video.addEventListener("seeking", function () { beat(lastPosition); });
  video.addEventListener("seeked", function () { lastPosition = video.currentTime; beat(video.currentTime); });
  video.addEventListener("ended", function () { clearInterval(timer); beat(video.duration); });
  window.addEventListener("pagehide", function () { beat(video.currentTime, true); });
  document.addEventListener("visibilitychange", function () { if (document.hidden) { beat(video.currentTime, true); } });
  // Heartbeats signed in by the player key do not touch the session: while the learner is
  // watching, the session is kept alive every few minutes (it still lapses once they stop).
  setInterval(function () {
    if (!watching) { return; }
    watching = false;
    fetch("/api/v1/me", {credentials: "same-origin"}).catch(function () {});
  }, 5 * 60 * 1000);
  start();
})();
