/**
 * One audit event in flight at a time from a page, so a 5,000-row list never floods the
 * background; stops with the page.
 */
import type { AuditEventInput } from './audit';

export class AuditQueue {
  private queue: AuditEventInput[] = [];
  private running = false;
  private stopped = false;

  constructor(
    private readonly send: (event: AuditEventInput) => Promise<unknown>,
    private readonly log: (error: unknown, where: string) => void,
  ) {}

  push(event: AuditEventInput): void {
    if (this.stopped) return;
    this.queue.push(event);
    if (this.running) return;
    this.running = true;
    void (async () => {
      try {
        let i = 0;
        while (i < this.queue.length && !this.stopped) {
          await this.send(this.queue[i++]!);
          if (i >= 1000) {
            this.queue.splice(0, i);
            i = 0;
          }
        }
        this.queue.length = 0;
      } catch (e) {
        this.log(e, 'observation.audit');
      } finally {
        this.running = false;
      }
    })();
  }

  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }
}
