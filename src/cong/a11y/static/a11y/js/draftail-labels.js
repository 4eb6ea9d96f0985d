/* Name Wagtail's rich text editors for assistive technology (wagtail/wagtail#14205).
   Draftail's editable <div role="textbox"> gets no accessible name: the field's <label> points at the
   hidden input the editor replaces. Point aria-labelledby at that label or, for a StreamField block,
   at the block's heading. Editors appear as blocks are added, so new ones are named as they come. */
(function () {
  "use strict";
  var queued = false;

  function labelFor(box) {
    var field = box.closest("[data-field-input], .w-field__input");
    var input = field && field.querySelector("input[type=hidden][id]");
    var label = input && document.querySelector('label[for="' + input.id + '"]');
    if (!label) {
      var panel = box.closest("section.w-panel");
      label = panel && panel.querySelector(".w-panel__heading");
    }
    if (label && !label.id) {
      label.id = (input ? input.id : "draftail-" + Math.random().toString(36).slice(2)) + "-label";
    }
    return label;
  }

  function scan() {
    queued = false;
    var boxes = document.querySelectorAll('.Draftail-Editor [role="textbox"][contenteditable]');
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.getAttribute("aria-label") || box.getAttribute("aria-labelledby")) {
        continue;
      }
      var label = labelFor(box);
      if (label) {
        box.setAttribute("aria-labelledby", label.id);
      }
    }
  }

  function queue() {
    if (!queued) {
      queued = true;
      window.requestAnimationFrame(scan);
    }
  }

  new MutationObserver(queue).observe(document.documentElement, { childList: true, subtree: true });
  queue();
})();
