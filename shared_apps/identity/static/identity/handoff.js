// The single sign-on hand-off page submits itself once; the button stays for browsers
// without JavaScript. An external file, not inline script, so the page works under a strict CSP.
(function () {
  var form = document.getElementById("sso-handoff");
  if (form && !form.dataset.sent) {
    form.dataset.sent = "1";
    form.submit();
  }
})();
