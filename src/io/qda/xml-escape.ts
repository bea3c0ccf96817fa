/**
 * Escaping for the XML that the REFI-QDA writers emit by hand (no DOM): text content and
 * double-quoted attribute values, with characters XML 1.0 cannot carry removed.
 */

// Characters outside the XML 1.0 `Char` production, in UTF-16 code units: C0 controls other
// than TAB/LF/CR, U+FFFE/U+FFFF, and surrogates that are not part of a valid pair. Without the
// `u` flag the regex sees code units, which is what lets it spot lone surrogates.
const INVALID_XML_CHARS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops characters that no XML 1.0 document may contain (not even as character references). */
export function stripInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_CHARS, '');
}

/**
 * Escapes element content. `>` is escaped so `]]>` can never appear; `"` so the result is also
 * safe wherever a caller reuses it. CR becomes `&#13;` because a parser's end-of-line handling
 * would otherwise turn CR and CRLF into LF, shifting the character offsets of selections in
 * `<PlainTextContent>`.
 */
export function escapeXmlText(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"\r]/g, (c) => TEXT_ENTITIES[c]);
}

/**
 * Escapes a value for a double- or single-quoted attribute. TAB, LF and CR become character
 * references because attribute-value normalisation would turn literal ones into spaces.
 */
export function escapeXmlAttr(s: string): string {
  return stripInvalidXmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ENTITIES[c]);
}

const TEXT_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\r': '&#13;',
};

const ATTR_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};
