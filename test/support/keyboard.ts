// Moving through a page by keyboard alone, as a person without a mouse does: Tab or Shift+Tab to
// a control, checking that every control reached shows where the focus is.
import type { Page } from 'playwright-core';

export interface Focus {
  id: string;
  /** The control's name as a person reads it: its aria-label, its label or its text. */
  name: string;
  /** A focus ring is drawn (an outline at least 2 px wide) and the control is on screen. */
  visible: boolean;
}

/** What has the keyboard focus now. */
export function focusOf(page: Page): Promise<Focus | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const labelled = (element as HTMLInputElement).labels?.[0]?.textContent;
    const name = element.getAttribute('aria-label') ?? labelled ?? element.textContent ?? '';
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const onScreen =
      box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0 && box.left < innerWidth;
    return { id: element.id, name: name.trim(), visible: ring && onScreen };
  });
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until the control whose id or name is `target` has the
 * focus, and answers it. Every control passed on the way must show its focus.
 */
export async function tabTo(
  page: Page,
  target: string | RegExp,
  options: { backwards?: boolean } = {},
): Promise<Focus> {
  const matches = (focus: Focus) =>
    typeof target === 'string'
      ? focus.id === target || focus.name === target
      : target.test(focus.name);
  const passed: string[] = [];
  for (let presses = 0; presses < 60; presses += 1) {
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
    const focus = await focusOf(page);
    if (!focus) continue;
    if (!focus.visible) throw new Error(`the focus on “${focus.name}” cannot be seen`);
    if (matches(focus)) return focus;
    passed.push(focus.name);
  }
  throw new Error(`Tab never reached ${String(target)}; it passed ${passed.join(' | ')}`);
}
