export function jpMetadata(): { version: number; country_calling_codes: Record<string, string[]>; countries: { JP: unknown }; nonGeographic: Record<string, never> };
