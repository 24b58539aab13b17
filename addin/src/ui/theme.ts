/**
 * Office's own theme colours on the pane (Office.context.officeTheme, where the host gives
 * them), as CSS variables the styles use; Fluent's light defaults elsewhere.
 */
interface OfficeTheme {
  bodyBackgroundColor?: string;
  bodyForegroundColor?: string;
  controlBackgroundColor?: string;
  controlForegroundColor?: string;
}

export function applyOfficeTheme(): void {
  const theme = (globalThis as { Office?: { context?: { officeTheme?: OfficeTheme } } }).Office?.context?.officeTheme;
  if (!theme) return;
  const root = document.documentElement.style;
  if (theme.bodyBackgroundColor) root.setProperty('--body-bg', theme.bodyBackgroundColor);
  if (theme.bodyForegroundColor) root.setProperty('--body-fg', theme.bodyForegroundColor);
  if (theme.controlBackgroundColor) root.setProperty('--control-bg', theme.controlBackgroundColor);
  if (theme.controlForegroundColor) root.setProperty('--control-fg', theme.controlForegroundColor);
}

/** Tabs that act as tabs: click or arrow keys move between them (roving tabindex), Home and End too. */
export function startTabs(tablist: HTMLElement, onShow: (panelId: string) => void = () => undefined): (panelId: string) => void {
  const tabs = [...tablist.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const show = (tab: HTMLButtonElement, focus = false) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      t.classList.toggle('is-selected', selected);
      const panel = document.getElementById(t.getAttribute('aria-controls') ?? '');
      if (panel) panel.hidden = !selected;
    }
    if (focus) tab.focus();
    onShow(tab.getAttribute('aria-controls') ?? '');
  };
  tabs.forEach((t, i) => {
    t.addEventListener('click', () => show(t));
    t.addEventListener('keydown', (e) => {
      const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (to >= 0) {
        e.preventDefault();
        show(tabs[to]!, true);
      }
    });
  });
  return (panelId: string) => {
    const tab = tabs.find((t) => t.getAttribute('aria-controls') === panelId);
    if (tab) show(tab);
  };
}
