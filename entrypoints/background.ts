export default defineBackground(() => {
  // Background services (audit store, settings) are wired in extension/.
});
