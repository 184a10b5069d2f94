/**
 * Bundled by tests/e2e/audit-page.ts (esbuild, IIFE) and evaluated in the extension's own
 * audit.html page by the browser tests and the benchmark: the real audit client (with its
 * retry queue) and store code, exposed on `globalThis.__hersysAudit`.
 */
import { AuditClient, PortTransport, sendMessageTransport } from '../../content/clients/audit';
import { AuditStore, toRecord } from '../../extension/audit/store';
import { maskFreeText, sealEntry, verifyExport } from '../../shared/audit';
import { personKeyFrom } from '../../shared/audit-person';

const api = { AuditClient, PortTransport, sendMessageTransport, AuditStore, toRecord, sealEntry, verifyExport, maskFreeText, personKeyFrom };
export type AuditPageApi = typeof api;
(globalThis as unknown as { __hersysAudit: AuditPageApi }).__hersysAudit = api;
