/** The training page's one message: an error (alert) or a note (status), with the checks of an imported set listed below it. */
import type { Translate } from '../../../shared/i18n';

export type Message = { kind: 'error' | 'info'; text: string; notes?: string[] } | null;

export function TrainingMessage({ message, t }: { message: Message; t: Translate }) {
  return (
    <>
      {message && (
        <p class={message.kind === 'error' ? 'message error' : 'message ok'} role={message.kind === 'error' ? 'alert' : 'status'} data-testid="message">
          {message.text}
        </p>
      )}
      {message?.notes && message.notes.length > 0 && (
        <div class="message notes" data-testid="import-notes">
          <p>{t('train_importNotes')}</p>
          <ul>
            {message.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
