// The languages of managed login's pages: AWS's list ("Managed login localization", developer
// guide: de, en, es, fr, id, it, ja, ko, pt-BR, zh-CN, zh-TW), by lower-case `lang` tag.
import { de } from './de.js';
import { en, type Words } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { id } from './id.js';
import { it } from './it.js';
import { ja } from './ja.js';
import { ko } from './ko.js';
import { ptBR } from './pt-br.js';
import { zhCN } from './zh-cn.js';
import { zhTW } from './zh-tw.js';

export type { Words } from './en.js';

export const WORDS: Record<string, Words> = {
  de,
  en,
  es,
  fr,
  id,
  it,
  ja,
  ko,
  'pt-br': ptBR,
  'zh-cn': zhCN,
  'zh-tw': zhTW,
};
