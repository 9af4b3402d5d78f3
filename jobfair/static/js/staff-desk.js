// The session desk: read a check-in QR code with the device camera (html5-qrcode) and submit the code form.
// Without a camera (or JavaScript) the staff type the code; the form works the same.
document.addEventListener("DOMContentLoaded", function () {
  var start = document.getElementById("scan-start");
  var form = document.getElementById("check-in-form");
  if (!start || !form || typeof Html5Qrcode === "undefined") { return; }
  var stop = document.getElementById("scan-stop");
  var status = document.getElementById("scan-status");
  var input = form.querySelector("input[name=code]");
  var scanner = null;
  var last = "";
  var lastAt = 0;

  function say(key) { status.textContent = status.dataset[key] || ""; }

  // A check-in request that failed (network, a busy server) lets the same code in view be read and sent again.
  form.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) { last = ""; }
  });

  function onScan(text) {
    var now = Date.now();
    if (text === last && now - lastAt < 5000) { return; } // the same code stays in view: submit it once
    last = text;
    lastAt = now;
    say("read");
    input.value = text.trim();
    form.requestSubmit();
  }

  start.addEventListener("click", function () {
    say("starting");
    scanner = scanner || new Html5Qrcode("qr-reader", { verbose: false });
    Html5Qrcode.getCameras()
      .then(function (cameras) {
        if (!cameras || !cameras.length) { throw new Error("no camera"); }
        return scanner.start(cameras[0].id, { fps: 10 }, onScan, function () {});
      })
      .then(function () {
        say("scanning");
        start.classList.add("d-none");
        stop.classList.remove("d-none");
      })
      .catch(function () { say("noCamera"); });
  });

  stop.addEventListener("click", function () {
    if (!scanner) { return; }
    scanner.stop().finally(function () {
      status.textContent = "";
      stop.classList.add("d-none");
      start.classList.remove("d-none");
    });
  });
});
