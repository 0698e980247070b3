// Everything a report shows from a history or config is untrusted text: a
// value may be `<script>…`. These are the only ways such text enters markup.
import { compactJson } from './format.ts';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const XML_ESCAPES: Record<string, string> = { ...HTML_ESCAPES, "'": '&apos;' };

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Escapes text for XML 1.0 content and attributes. Characters XML 1.0 cannot
 * carry at all (most C0 controls, lone surrogates) become U+FFFD, since an
 * entity for them is still ill-formed.
 */
export function escapeXml(text: unknown): string {
  return String(text)
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    );
}

/**
 * JSON safe to place inside <script type="application/json">: no "</script",
 * no "<!--", and no U+2028/2029 that old parsers treat as line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** An op's value for display: compact JSON, so a string "5" stays apart from the number 5. */
export function showValue(value: unknown): string {
  return value === undefined ? '' : compactJson(value);
}
