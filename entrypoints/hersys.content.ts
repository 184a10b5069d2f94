export default defineContentScript({
  matches: ['https://*.cov19.mhlw.go.jp/*'],
  runAt: 'document_idle',
  main() {},
});
