// The little behaviour Lantern's pages need; everything works without it, only less handily.
document.documentElement.classList.add('js');

// The menu button on phones.
document.addEventListener('click', (event) => {
  const button = event.target.closest('[data-menu-toggle]');
  if (!button) return;
  const nav = document.getElementById(button.getAttribute('aria-controls'));
  const open = nav.classList.toggle('open');
  button.setAttribute('aria-expanded', String(open));
});

// "Are you sure?" before ending a record or closing a disruption.
document.addEventListener('submit', (event) => {
  // On the form, or on the button that sent it (closing a disruption).
  const message = event.submitter?.getAttribute('data-confirm') || event.target.getAttribute('data-confirm');
  if (message && !window.confirm(message)) event.preventDefault();
});

// Declaring a disruption: ticking a system ticks the services that depend on it.
document.addEventListener('change', (event) => {
  const box = event.target.closest('input[data-services]');
  if (!box || !box.checked) return;
  for (const id of box.getAttribute('data-services').split(',').filter(Boolean)) {
    const service = document.getElementById(`svc-${id}`);
    if (service) service.checked = true;
  }
});

// A refused form: the list of what is wrong gets the focus, so it is read out and in view.
document.addEventListener('DOMContentLoaded', () => {
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
});

// Declaring a device failure: the devices and the unit open up.
document.addEventListener('change', (event) => {
  if (event.target.id !== 'f-kind') return;
  const devices = document.getElementById('f-devices');
  if (devices && event.target.value === 'device_failure') devices.open = true;
});

// An hours slider (the what-if): its number follows it, and so does any field it names in
// data-copy-to (the drill's "save this what-if" form), so what is saved is what is shown.
document.addEventListener('input', (event) => {
  const slider = event.target.closest('input.hours-slider');
  if (!slider) return;
  const out = document.querySelector(`output[for="${slider.id}"]`);
  if (out) out.value = slider.value;
  for (const id of (slider.dataset.copyTo || '').split(' ').filter(Boolean)) {
    const field = document.getElementById(id);
    if (field) field.value = slider.value;
  }
});
