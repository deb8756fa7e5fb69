// The live board keeps itself true: after a tap, and every few seconds, it asks for its
// refreshing part (the tally, the groups and their cards) and puts it in place. A card being
// worked on (focus inside, something typed, a form opened) is left as it is, the scroll
// position is kept, and one polite live region says what changed. Without this file every
// form still posts and comes back to the board.
(() => {
  const region = () => document.getElementById('board-live');
  if (!region()) return;
  const news = document.getElementById('board-news');
  const stale = document.getElementById('board-stale');
  const seconds = Number(document.currentScript?.dataset.refresh) || 5;
  let etag = null;
  let busyFetch = false;
  let posting = 0;
  let lastGood = Date.now();
  // Answers are put in place only in the order they were asked for: a refresh sent before a
  // tap must not undo it.
  let asked = 0;
  let applied = 0;

  // Something the coordinator is in the middle of on this card.
  function busy(card) {
    if (card.contains(document.activeElement) && document.activeElement.matches('input, select, textarea, summary')) return true;
    if (card.querySelector('details[open]')) return true;
    for (const el of card.querySelectorAll('input, textarea, select')) {
      if (el.type === 'hidden') continue;
      if (el.type === 'checkbox' || el.type === 'radio') {
        if (el.checked !== el.defaultChecked) return true;
      } else if (el.value !== el.defaultValue) return true;
    }
    return false;
  }

  function cardsOf(root) {
    const out = new Map();
    for (const c of root.querySelectorAll('li.visit')) {
      out.set(c.id, { stamp: c.dataset.stamp, person: c.dataset.person, label: c.dataset.label, updated: c.dataset.updated || '' });
    }
    return out;
  }

  // The card at the top of the screen, to keep it where it is.
  function anchorCard(skip) {
    for (const c of region().querySelectorAll('li.visit')) {
      if (c.id === skip) continue;
      const r = c.getBoundingClientRect();
      if (r.height && r.bottom > 80) return { id: c.id, top: r.top };
    }
    return null;
  }

  function say(text) {
    if (!news || !text) return;
    news.textContent = '';
    // A fresh text node, so that a repeated message is read again.
    window.setTimeout(() => { news.textContent = text; }, 50);
  }

  function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

  // Puts the new part in place. `force` is the id of a card to replace even if busy (the one
  // just tapped); `refused` says its change was refused.
  function swap(html, force, refused) {
    const parsed = new DOMParser().parseFromString(html, 'text/html').getElementById('board-live');
    if (!parsed) return;
    const fresh = document.importNode(parsed, true);
    const old = region();
    const before = cardsOf(old);
    const oldOverdue = old.dataset.overdue;
    const active = document.activeElement;
    const focus = active && old.contains(active) && active.id ? { id: active.id, start: active.selectionStart, end: active.selectionEnd } : null;
    const focusCard = active && old.contains(active) ? active.closest('li.visit') : null;
    let anchor = null;
    if (force && !refused) anchor = anchorCard(force);
    else if (focusCard) anchor = { id: focusCard.id, top: focusCard.getBoundingClientRect().top };
    else anchor = anchorCard(null);
    let next = null;
    if (force && !refused) {
      const tapped = document.getElementById(force);
      next = tapped && tapped.nextElementSibling ? tapped.nextElementSibling.id : null;
    }
    const kept = [];
    for (const card of fresh.querySelectorAll('li.visit')) {
      const mine = document.getElementById(card.id);
      if (!mine || card.id === force || !busy(mine)) continue;
      // Say on the kept card what someone else changed meanwhile.
      const note = mine.querySelector('.visit-changed') || document.createElement('p');
      if (card.dataset.stamp !== mine.dataset.stamp) {
        note.className = 'visit-changed';
        note.textContent = `Changed meanwhile: ${card.dataset.updated || card.dataset.label}. Finish or clear what you typed to see it.`;
        if (!note.parentNode) mine.querySelector('.visit-head').after(note);
      }
      card.replaceWith(mine);
      kept.push(mine.id);
    }
    for (const d of fresh.querySelectorAll('details.board-group[id]')) {
      const mine = old.querySelector(`#${d.id}`);
      if (mine && !(force && d.querySelector(`#${CSS.escape(force)}`))) d.open = mine.open;
    }
    old.replaceWith(fresh);
    if (anchor) {
      const same = document.getElementById(anchor.id);
      if (same) window.scrollBy(0, same.getBoundingClientRect().top - anchor.top);
    }
    if (focus) {
      const el = document.getElementById(focus.id);
      if (el) {
        el.focus({ preventScroll: true });
        if (typeof focus.start === 'number' && el.setSelectionRange) {
          try { el.setSelectionRange(focus.start, focus.end); } catch (_) { /* not a text box */ }
        }
      }
    }
    // What changed, said once.
    const after = cardsOf(fresh);
    const changes = [];
    for (const [id, now] of after) {
      const was = before.get(id);
      if (was && was.stamp !== now.stamp && now.stamp) changes.push(`${now.person}'s visit marked ${now.label}`);
    }
    const parts = [];
    if (fresh.dataset.overdue !== oldOverdue || changes.length) parts.push(plural(Number(fresh.dataset.overdue), 'visit overdue', 'visits overdue'));
    if (changes.length > 3) parts.push(`${changes.length} visits changed`);
    else parts.push(...changes);
    if (parts.length) say(parts.join('; '));
    return { next, kept };
  }

  function showStale(ok) {
    if (!stale) return;
    if (ok) {
      lastGood = Date.now();
      stale.hidden = true;
      return;
    }
    const since = new Date(lastGood).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' });
    stale.textContent = `This board has not updated since ${since}: the connection may be down. It keeps trying; what you see may be out of date.`;
    stale.hidden = false;
  }

  async function refresh() {
    if (busyFetch || posting || document.hidden) return;
    busyFetch = true;
    const mine = ++asked;
    try {
      const headers = { Accept: 'text/html' };
      if (etag) headers['If-None-Match'] = etag;
      const res = await fetch(region().dataset.liveUrl, { headers, cache: 'no-store', credentials: 'same-origin' });
      if (res.status === 304) { showStale(true); return; }
      if (!res.ok) { showStale(false); return; }
      const html = await res.text();
      if (mine < applied) return;
      applied = mine;
      etag = res.headers.get('ETag');
      swap(html, null, false);
      showStale(true);
    } catch (_) {
      showStale(false);
    } finally {
      busyFetch = false;
    }
  }

  // A status from a card: posted here, the answer put in place.
  document.addEventListener('submit', async (event) => {
    const form = event.target.closest('form[data-board-form]');
    if (!form || event.defaultPrevented || form.dataset.plain) return;
    event.preventDefault();
    const card = form.closest('li.visit');
    const body = new URLSearchParams(new FormData(form, event.submitter));
    const url = form.action + (form.action.includes('?') ? '&' : '?') + 'part=live';
    // The one-tap buttons sit outside their form (form="quick-…"), between the other forms.
    const buttons = [...form.querySelectorAll('button'), ...(form.id ? document.querySelectorAll(`button[form="${form.id}"]`) : [])];
    for (const b of buttons) b.disabled = true;
    const mine = ++asked;
    posting += 1;
    let res;
    let html;
    try {
      res = await fetch(url, { method: 'POST', body, credentials: 'same-origin', headers: { Accept: 'text/html' } });
      html = await res.text();
    } catch (_) {
      for (const b of buttons) b.disabled = false;
      say('Nothing was saved: the connection failed. Try again.');
      return;
    } finally {
      posting -= 1;
    }
    if (!res.ok && res.status !== 422) {
      // Another problem (signed out, closed meanwhile): let the browser show the page for it.
      form.dataset.plain = '1';
      form.requestSubmit(event.submitter);
      return;
    }
    etag = null;
    applied = Math.max(applied, mine);
    const refused = res.status === 422;
    const result = swap(html, card.id, refused);
    const fresh = document.getElementById(card.id);
    if (refused && fresh) {
      const bad = fresh.querySelector('[aria-invalid="true"]') || fresh.querySelector('.error');
      if (bad) bad.focus({ preventScroll: false });
      const error = fresh.querySelector('.error');
      if (error) say(error.textContent);
    } else if (result && result.next) {
      // The tapped visit may have moved to another group: carry on from the next one.
      const link = document.querySelector(`#${CSS.escape(result.next)} .visit-person`);
      if (link) link.focus({ preventScroll: true });
    }
  });

  window.setInterval(refresh, seconds * 1000);
  document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
})();
