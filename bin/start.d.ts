// Types of bin/start.js for the TypeScript that tests it.
export type Start = { kind: 'bundle'; url: string } | { kind: 'sources'; reason: string };
export function chooseStart(root: string, setting: string | undefined): Start;
