/** Text and attribute values in the XML protocols' documents. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"'\r]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#xD;' })[character] as string);
}
