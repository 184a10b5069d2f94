#!/usr/bin/env node
// Writes shared/phone-metadata.jp.json: Japan's numbering plan from libphonenumber-js's `max`
// metadata (types included), read through the library's public `Metadata` class and written
// out as plain data (patterns, lengths, formats), the very values shared/phone.ts precompiles.
// So the extension bundles neither the library's metadata reader nor its parser. Run after
// upgrading libphonenumber-js; a unit test checks the file still equals what this script
// derives from the installed package.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Metadata } from 'libphonenumber-js/core';

/** The number types shared/phone.ts reads, in libphonenumber's `getNumberType` order. */
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];

export function jpMetadata() {
  const require = createRequire(import.meta.url);
  const max = require('libphonenumber-js/metadata.max.json');
  const m = new Metadata({ version: max.version, country_calling_codes: { 81: ['JP'] }, countries: { JP: max.countries.JP }, nonGeographic: {} });
  m.selectNumberingPlan('JP');
  const plan = m.numberingPlan;
  const types = {};
  for (const name of TYPES) {
    const t = plan.type(name);
    // possibleLengths null: the type has no lengths of its own (libphonenumber then skips the length check).
    if (t) types[name] = { pattern: t.pattern(), possibleLengths: t.possibleLengths() ?? null };
  }
  return {
    source: 'libphonenumber-js metadata.max.json, region JP',
    nationalNumberPattern: plan.nationalNumberPattern(),
    possibleLengths: plan.possibleLengths() ?? null,
    nationalPrefixForParsing: plan.nationalPrefixForParsing() ?? null,
    nationalPrefixTransformRule: plan.nationalPrefixTransformRule() ?? null,
    types,
    formats: plan.formats().map((f) => ({
      pattern: f.pattern(),
      format: f.format(),
      leadingDigitsPatterns: f.leadingDigitsPatterns(),
      nationalPrefixFormattingRule: f.nationalPrefixFormattingRule() ?? null,
    })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const out = path.resolve(import.meta.dirname, '../shared/phone-metadata.jp.json');
  writeFileSync(out, JSON.stringify(jpMetadata()) + '\n');
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
}
