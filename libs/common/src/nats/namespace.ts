/** `chat` + `auth.login` → `chat.auth.login`. The one place where the namespace is applied. */
export function namespaced(namespace: string, subject: string): string {
  return `${namespace}.${subject}`;
}
