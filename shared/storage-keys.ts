/**
 * Every key the extension keeps in `browser.storage`, in one table: its area and what it
 * holds. No other file spells a key (a test checks the sources). Nothing here holds a name,
 * a phone number or a birthdate in clear: person keys are HMACs or salted hashes.
 */
export const STORAGE_KEYS = {
  /** local — the user's settings (zod-validated on every read; the managed policy is laid over them). */
  settings: 'settings',
  /** local — 32 random bytes (base64), the per-installation HMAC secret of the audit log's person keys. */
  auditSecret: 'auditSecret',
  /** local — the notice the audit viewer shows after the storage quota forced a purge. */
  auditNotice: 'auditNotice',
  /** session — form-evaluated de-duplication per document (digests and entry ids). */
  auditFormState: 'auditFormState',
  /** session — alert-raised already logged (digest → time, id). */
  auditAlertSeen: 'auditAlertSeen',
  /** local — keyed hashes and times of numbers used in a submitted 発生届 (24 h). */
  phoneSeen: 'phoneSeen',
  /** local — the same for the training page's fictional numbers (kept apart). */
  phoneSeenTraining: 'phoneSeenTraining',
  /** local — the set of invalid managed keys last logged (logged once per distinct set). */
  policyInvalidLogged: 'policyInvalidLogged',
  /** local — the random salt of 確認済み keys. */
  ackSalt: 'ackSalt',
  /** local — the trainer's own scenario set. */
  trainingScenarioSet: 'trainingScenarioSet',
  /** local — the training page's presenter mode. */
  trainingPresenter: 'trainingPresenter',
  /** local — the training scores (per scenario: found / missed). */
  trainingScores: 'trainingScores',
} as const;

/** local — prefix of a 確認済み mark: `ack:` + salted hash of the person and day → `{ codes, at }`. */
export const ACK_KEY_PREFIX = 'ack:';

export type StorageKey = (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS];
