// The step indicator's modal (templates/includes/step_indicator.html) opens on phones. The design
// system makes everything in <body> but the modal's container inert while it is open, so the
// modal must sit directly in <body>, in a container of its own: move it there.
document.querySelectorAll(".fds-modal.modal-step-indicator").forEach(function (modal) {
  var container = document.createElement("div");
  container.className = "fds-modal-container";
  document.body.appendChild(container);
  container.appendChild(modal);
});
