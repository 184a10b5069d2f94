/**
 * The problem panel: the tier with its reasons and the problems by field, each a jump to its
 * field. It keeps clear of the page's own buttons (submit, My HER-SYS URL通知) by moving to
 * the first corner where it covers none of them.
 */
import type { ProblemField } from '../../shared/fields';
import { isolated } from '../guard';
import { h, render } from 'preact';
import { defineFeature } from '../feature';
import type { NotificationPage } from '../page/notification-page';
import { Panel } from '../ui/Panel';

const DOCKS = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

export default defineFeature<NotificationPage>({
  id: 'problem-panel',
  include: ['notification'],
  init(signal, page) {
    const mount = page.env.doc.createElement('div');
    page.env.container.prepend(mount);
    let renderedKey = '';
    const log = page.env.log;

    const show = () => {
      const view = page.view;
      if (!view) return;
      const s = page.settings();
      // The same view, language and collapse state render the same panel: skip the diff (a
      // rescan after an unrelated page change usually changes nothing).
      const key = JSON.stringify([s.language, s.panelCollapsed, view.tier, view.tierLabel, view.status, view.missing, view.invalid, view.reasons, view.groups, view.age, view.riskCount]);
      if (key === renderedKey && mount.firstChild) return;
      render(
        h(Panel, {
          lang: s.language,
          view,
          collapsed: s.panelCollapsed,
          // The panel's actions are isolated too: a failure is logged, never thrown.
          onToggle: isolated('feature.problem-panel.toggle', page.env.log, () => page.env.saveSettings({ panelCollapsed: !s.panelCollapsed })),
          onJump: isolated('feature.problem-panel.jump', page.env.log, (f: ProblemField) => page.jumpTo(f)),
        }),
        mount,
      );
      renderedKey = key;
    };

    const dodge = () => {
      const panel = mount.querySelector<HTMLElement>('aside.panel');
      const reading = page.reading;
      if (!panel || !reading) return;
      const targets = [...reading.submitButtons, ...(reading.myHersysNotify ? [reading.myHersysNotify] : [])]
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 && r.height > 0);
      const current = panel.dataset.dock ?? 'bottom-right';
      const overlaps = (r: DOMRect) => targets.some((t) => t.left < r.right && t.right > r.left && t.top < r.bottom && t.bottom > r.top);
      if (!overlaps(panel.getBoundingClientRect())) return;
      for (const dock of DOCKS) {
        if (dock === current) continue;
        panel.dataset.dock = dock;
        if (!overlaps(panel.getBoundingClientRect())) return;
      }
      panel.dataset.dock = current;
    };

    page.events.on('update', show, signal);
    page.events.on('redraw', dodge, signal);
    signal.addEventListener('abort', () => {
      render(null, mount);
      mount.remove();
    });
  },
});
