/** Small DOM helpers for the task pane's views: elements by id, and elements built with their text. */

export const $ = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the task pane has no #${id}`);
  return found as T;
};

type Child = Node | string | null | undefined | false;

/** An element with attributes (class, title, data-*, aria-*...) and children (text or nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

/** A button that runs `action`, showing a failure in `status` rather than throwing. */
export function actionButton(label: string, title: string, action: () => Promise<void>, status: () => HTMLElement): HTMLButtonElement {
  const b = el('button', { type: 'button', class: 'ms-Button ms-Button--small', title }, label);
  b.addEventListener('click', () => {
    action().catch((e: unknown) => (status().textContent = e instanceof Error ? e.message : String(e)));
  });
  return b;
}

/** Expandable reasons: a summary line, the reasons as a list under it. */
export function reasonsBlock(reasons: ReadonlyArray<{ code: string; message: string }>, summary = 'Why'): HTMLElement {
  const list = el('ul', { class: 'reasons' }, ...reasons.map((r) => el('li', { title: r.code }, r.message)));
  return el('details', { class: 'why' }, el('summary', {}, `${summary} (${reasons.length} reason${reasons.length === 1 ? '' : 's'})`), list);
}
