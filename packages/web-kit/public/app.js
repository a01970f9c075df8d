// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/govuk-frontend.min.js';

initAll();

// Controls that need JavaScript are hidden until it runs.
for (const el of document.querySelectorAll('.sp-js-only')) el.classList.remove('sp-hidden');

// A chosen CSV file is read into the textarea the form posts (no multipart parsing on the server).
for (const input of document.querySelectorAll('[data-csv-target]')) {
  input.addEventListener('change', async () => {
    const target = document.getElementById(input.getAttribute('data-csv-target'));
    const file = input.files?.[0];
    if (target && file) target.value = await file.text();
  });
}

// "Copy link" buttons: <button class="sp-js-only sp-hidden" data-copy-target="ID">.
for (const button of document.querySelectorAll('[data-copy-target]')) {
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
