// The portal's rich-text editor (Quill, vendored): it edits a hidden <textarea data-rich-text>,
// which the form posts; the server sanitises what it receives (portal.services.clean_body).
(function () {
  "use strict";
  function mount(textarea) {
    var holder = document.createElement("div");
    holder.className = "rich-text-editor";
    holder.setAttribute("data-testid", "rich-text-editor");
    textarea.parentNode.insertBefore(holder, textarea);
    textarea.classList.add("d-none");
    var quill = new window.Quill(holder, {
      theme: "snow",
      placeholder: textarea.getAttribute("placeholder") || "",
      modules: {
        toolbar: [
          [{ header: [2, 3, false] }],
          ["bold", "italic", "underline"],
          [{ list: "ordered" }, { list: "bullet" }, "blockquote"],
          ["link", "clean"]
        ]
      }
    });
    if (textarea.value.trim()) {
      quill.clipboard.dangerouslyPasteHTML(textarea.value);  // our own stored, sanitised HTML
    }
    function sync() {
      var empty = quill.getText().trim() === "";
      // Quill 2.0 writes every space as &nbsp; in its semantic HTML; keep ordinary spaces.
      textarea.value = empty ? "" : quill.getSemanticHTML().replace(/&nbsp;/g, " ");
    }
    quill.on("text-change", sync);
    textarea.form.addEventListener("submit", sync);
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!window.Quill) { return; }  // the plain textarea still works
    document.querySelectorAll("textarea[data-rich-text]").forEach(mount);
  });
})();
