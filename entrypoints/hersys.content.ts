import '../content/ui/overlay.css';
import { logError, runContent } from '../content/index';

export default defineContentScript({
  matches: ['https://*.cov19.mhlw.go.jp/*'],
  runAt: 'document_idle',
  cssInjectionMode: 'ui',
  async main(ctx) {
    try {
      await runContent(ctx);
    } catch (e) {
      // Fail open: the page must work without us.
      logError(e, 'content.main');
    }
  },
});
