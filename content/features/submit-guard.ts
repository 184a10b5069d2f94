/**
 * The submit guard: holds back a submit of the 発生届 while an error-level problem remains and
 * opens a dialog that lists them (live: a problem fixed behind the dialog leaves it at once,
 * and when none is left the dialog says so and submits). An override needs a reason, which is
 * logged masked. With 送信前に確認する on, a clean submit first shows the read-back card.
 * Fails open: when the form cannot be read or the dialog cannot open, the submit goes ahead.
 */
import { h, render } from 'preact';
import type { ProblemField } from '../../shared/fields';
import { msg, PHONE_KIND_KEY } from '../../shared/i18n';
import { bothCalendars, phoneEcho } from '../../shared/readback';
import { defineFeature } from '../feature';
import { isolated, SubmitGuard, type PendingAction } from '../guard';
import type { NotificationPage } from '../page/notification-page';
import { ConfirmCard, type ConfirmCardData } from '../ui/ConfirmCard';
import { GuardDialog } from '../ui/GuardDialog';

const GUARD_ATTR = 'data-guard';

export default defineFeature<NotificationPage>({
  id: 'submit-guard',
  include: ['notification'],
  enabledWhen: (s) => s.guardEnabled,
  init(signal, page) {
    const env = page.env;
    const mount = env.doc.createElement('div');
    env.container.append(mount);
    let held: PendingAction | null = null;
    let mode: 'block' | 'confirm' = 'block';

    /** `user`: whether the submit attempt itself was the user's own event (recorded with every submit entry). */
    const allowClean = (user: boolean, detail: Record<string, boolean> = {}) => {
      page.audit('submit-clean', { detail: { ...detail, userSubmit: user } });
      page.events.emit('submitted', undefined);
    };

    const guard = new SubmitGuard(page.win, {
      enabled: () => page.settings().guardEnabled,
      form: () => page.reading?.form ?? null,
      submitButtons: () => page.reading?.submitButtons ?? [],
      decide: (user) => {
        // A reader that cannot read the form now must not hold the submit back (fail open):
        // the guard logs this and lets the page's own action go ahead.
        if (!page.refresh(false)) throw new Error('the notification form could not be read at submit time');
        if ((page.view?.errors.length ?? 0) > 0) {
          if (!held) page.audit('submit-blocked', { detail: { userSubmit: user } });
          return 'block';
        }
        if (page.settings().confirmBeforeSubmit) return 'confirm';
        allowClean(user, held ? { resolvedInDialog: true } : {});
        return 'allow';
      },
      onBlocked: (action, m) => open(action, m),
      onCleared: () => close(),
      onError: (e, where) => env.log(e, where),
    });
    guard.install(signal);

    const confirmCard = (): ConfirmCardData | null => {
      const ev = page.evaluation;
      const view = page.view;
      if (!ev || !view) return null;
      const lang = page.settings().language;
      return {
        phone: ev.phone.formatted ?? '',
        phoneKind: ev.phone.kind === 'empty' ? '' : msg(lang, PHONE_KIND_KEY[ev.phone.kind]),
        sms: phoneEcho(ev.phone, lang).tone !== 'warning',
        birthday: ev.birthdate ? bothCalendars(ev.birthdate, lang) : '',
        age: ev.age,
        tierLabel: view.tierLabel,
        tier: view.tier,
      };
    };


    const show = () => {
      const view = page.view;
      if (!held || !view) {
        render(null, mount);
        return;
      }
      const lang = page.settings().language;
      const card = mode === 'confirm' ? confirmCard() : null;
      render(
        mode === 'block'
          ? h(GuardDialog, {
              lang,
              view,
              onFix: isolated('feature.submit-guard.fix', page.env.log, () => cancel(true)),
              onOverride: isolated('feature.submit-guard.override', page.env.log, (reason: string) =>
                release(() => {
                  // The reason is logged with digit runs and every value read from the form masked.
                  page.audit('submit-overridden', { reason, formValues: page.formValues(), detail: { userSubmit: held?.user ?? false } });
                  page.events.emit('submitted', undefined);
                }),
              ),
              onClose: isolated('feature.submit-guard.close', page.env.log, () => cancel(false)),
              onJump: isolated('feature.submit-guard.jump', page.env.log, (f: ProblemField) => page.jumpTo(f)),
              onSubmit: isolated('feature.submit-guard.submit', page.env.log, () => release(() => allowClean(held?.user ?? false, { resolvedInDialog: true }))),
            })
          : card
            ? h(ConfirmCard, {
                lang,
                confirm: card,
                onConfirm: isolated('feature.submit-guard.confirm', page.env.log, () => release(() => allowClean(held?.user ?? false, { confirmed: true }))),
                onClose: isolated('feature.submit-guard.close', page.env.log, () => cancel(false)),
              })
            : null,
        mount,
      );
    };

    function open(action: PendingAction, m: 'block' | 'confirm'): void {
      held = action;
      mode = m;
      env.host.setAttribute(GUARD_ATTR, 'blocked');
      try {
        show();
      } catch (e) {
        // No dialog, no hold: the guard re-issues the action (fail open).
        held = null;
        env.host.removeAttribute(GUARD_ATTR);
        throw e;
      }
    }

    /** The page's own submit went through while the dialog was open (nothing holds it back any more). */
    function close(): void {
      held = null;
      env.host.removeAttribute(GUARD_ATTR);
      show();
    }

    function cancel(fix: boolean): void {
      const action = held;
      held = null;
      guard.cancel();
      env.host.removeAttribute(GUARD_ATTR);
      show();
      if (fix) {
        const first = page.view?.errors[0];
        if (first) page.jumpTo(first.field);
      } else if (action?.kind === 'click') action.target.focus({ preventScroll: true });
    }

    /** Closes the dialog and re-issues the held-back action once; the submit goes out even if the rest fails. */
    function release(before: () => void): void {
      try {
        before();
        held = null;
        env.host.removeAttribute(GUARD_ATTR);
        show();
      } catch (e) {
        held = null;
        env.host.removeAttribute(GUARD_ATTR);
        env.log(e, 'notification.release');
      } finally {
        guard.release();
      }
    }

    page.events.on('update', () => held && show(), signal);
    signal.addEventListener('abort', () => {
      if (held) guard.cancel();
      held = null;
      env.host.removeAttribute(GUARD_ATTR);
      render(null, mount);
      mount.remove();
    });
  },
});
