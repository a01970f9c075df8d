// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// "Copy link" buttons: <button class="sp-js-only sp-hidden" data-copy-target="ID">.
for (const button of document.querySelectorAll('[data-copy-target]')) {
  button.classList.remove('sp-hidden');
  button.addEventListener('click', async () => {
    const target = document.getElementById(button.getAttribute('data-copy-target'));
    if (!target) return;
    try {
      await navigator.clipboard.writeText(target.textContent.trim());
      button.textContent = 'Link copied';
    } catch {
      button.textContent = 'Select the link and copy it';
    }
  });
}

// Progress polling: <div data-poll-url="/batches/ID/progress.json"> with a <progress> and a status line.
for (const box of document.querySelectorAll('[data-poll-url]')) {
  const url = box.getAttribute('data-poll-url');
  const bar = box.querySelector('progress');
  const text = box.querySelector('[data-poll-text]');
  const tick = async () => {
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
      if (!res.ok) return;
      const p = await res.json();
      if (bar) {
        bar.max = p.total || 1;
        bar.value = p.done;
      }
      if (text) text.textContent = p.text;
      if (p.finished) {
        window.location.reload();
        return;
      }
    } catch {
      // Network hiccup: try again on the next tick.
    }
    setTimeout(tick, 1500);
  };
  setTimeout(tick, 1500);
}
