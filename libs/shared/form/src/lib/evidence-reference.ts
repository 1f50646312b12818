/**
 * A citation of an evidence item inside narrative text: `〔佐证:<item id>〕`. It names the item by id,
 * so renaming the item changes nothing in the text; the export prints it as （见佐证材料第12—15页）
 * with the page range of the compiled binder, and the editor shows the item's current title.
 */
const REFERENCE = /〔佐证:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})〕/g;

export function evidenceReference(itemId: string): string {
  return `〔佐证:${itemId}〕`;
}

/** The item ids a text cites, in order of first appearance. */
export function citedEvidence(text: string): string[] {
  return [...new Set([...text.matchAll(REFERENCE)].map((match) => match[1] as string))];
}

/** Replaces every citation with what `render` gives for its item id (a title, a page range…). */
export function renderEvidenceReferences(text: string, render: (itemId: string) => string): string {
  return text.replace(REFERENCE, (_, id: string) => render(id));
}
