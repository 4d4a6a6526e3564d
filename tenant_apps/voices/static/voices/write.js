// The public message form: category extras and photo thumbnails (a static file: the CSP forbids inline script).
(function () {
  const extras = document.querySelectorAll(".vm-cat-extra");
  const sub = document.getElementById("id_subcategory");
  function show() {
    const picked = document.querySelector("input[name=category]:checked");
    extras.forEach(function (box) {
      const on = picked && box.dataset.category === picked.value;
      box.hidden = !on;
      box.querySelectorAll("[data-extra]").forEach(function (el) { el.disabled = !on; });
      const s = box.querySelector("[data-sub]");
      if (on) { sub.value = s ? s.value : ""; }
    });
  }
  document.querySelectorAll("input[name=category]").forEach(function (r) { r.addEventListener("change", show); });
  document.querySelectorAll("[data-sub]").forEach(function (s) { s.addEventListener("change", show); });
  show();
  const input = document.getElementById("id_photos");
  const thumbs = document.getElementById("thumbs");
  input.addEventListener("change", function () {
    thumbs.innerHTML = "";
    const max = parseInt(input.dataset.max, 10);
    if (input.files.length > max) { alert(input.dataset.tooMany); input.value = ""; return; }
    Array.from(input.files).forEach(function (f) {
      const img = document.createElement("img");
      img.src = URL.createObjectURL(f);
      thumbs.appendChild(img);
    });
  });
})();
