/**
 * "9, 25 35" → [9, 25, 35]. Whether each class exists (1–45) is the API's call; here only what
 * is not a whole number is refused, since it cannot be sent at all.
 */
export function parseNiceClasses(text: string): { classes: number[] } | { error: string } {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.some((p) => !/^\d+$/.test(p))) return { error: 'Write the classes as whole numbers separated by commas, e.g. 9, 25' };
  return { classes: parts.map(Number) };
}
