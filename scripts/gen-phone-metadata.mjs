#!/usr/bin/env node
// Writes shared/phone-metadata.jp.json: the Japan part of libphonenumber-js's `max`
// metadata (types included), the "custom metadata" libphonenumber-js documents for
// smaller bundles. Run after upgrading libphonenumber-js; a unit test checks the file
// still equals the installed metadata's JP entry.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

export function jpMetadata() {
  const require = createRequire(import.meta.url);
  const max = require('libphonenumber-js/metadata.max.json');
  return { version: max.version, country_calling_codes: { 81: ['JP'] }, countries: { JP: max.countries.JP }, nonGeographic: {} };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(import.meta.dirname, '../shared/phone-metadata.jp.json');
  writeFileSync(out, JSON.stringify(jpMetadata()) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
