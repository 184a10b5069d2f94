/**
 * UI text of the overlay comes from the message catalogue (`public/_locales`, looked up by
 * the language setting through `shared/i18n`). Codes stay English.
 */
export { translator, type Lang, type MessageKey, type Translate } from '../../shared/i18n';
