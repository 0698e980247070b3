// Flag names in both spellings: yargs hands options over in camelCase and
// kebab-case, config.json and the repeat command use one or the other.

/** "kill-targets" → "killTargets". */
export function camelCase(kebab: string): string {
  return kebab.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** "failoverTimeoutMs" → "failover-timeout-ms". */
export function kebabCase(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
